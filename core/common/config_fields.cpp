#include "common/config_fields.h"

#include "common/overloaded.h"
#include "common/train_settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <climits>
#include <optional>
#include <type_traits>

namespace rankscope {
namespace {

#define RANKSCOPE_FIELD(key, member)                                                                         \
    ConfigField {                                                                                            \
        key, [](RunConfig& c) -> FieldRef { return &c.member; }                                              \
    }
// The schema's keys in order; the train.* keys come from the live settings' table (train_settings.h).
std::vector<ConfigField> makeFields() {
    std::vector<ConfigField> fields = {
        RANKSCOPE_FIELD("name", name),
        RANKSCOPE_FIELD("description", description),
        RANKSCOPE_FIELD("seed", seed),
        RANKSCOPE_FIELD("data.kind", data.kind),
        RANKSCOPE_FIELD("data.train_size", data.train_size),
        RANKSCOPE_FIELD("data.test_size", data.test_size),
        RANKSCOPE_FIELD("data.input_dim", data.input_dim),
        RANKSCOPE_FIELD("data.classes", data.classes),
        RANKSCOPE_FIELD("data.subspace_dim", data.subspace_dim),
        RANKSCOPE_FIELD("data.noise", data.noise),
        RANKSCOPE_FIELD("data.path", data.path),
        RANKSCOPE_FIELD("data.image_shape", data.image_shape),
        RANKSCOPE_FIELD("model.kind", model.kind),
        RANKSCOPE_FIELD("model.conv", model.conv),
        RANKSCOPE_FIELD("model.hidden", model.hidden),
        RANKSCOPE_FIELD("model.residual", model.residual),
        RANKSCOPE_FIELD("model.bias", model.bias),
        RANKSCOPE_FIELD("loss", loss),
    };
    for (const TrainSetting& setting : trainSettings())
        fields.push_back({setting.key(), [&setting](RunConfig& c) -> FieldRef {
                              return std::visit([&](auto member) -> FieldRef { return &(c.train.*member); },
                                                setting.member);
                          }});
    const std::vector<ConfigField> metrics = {
        RANKSCOPE_FIELD("metrics.rank_eps", metrics.rank_eps),
        RANKSCOPE_FIELD("metrics.rank_norm", metrics.rank_norm),
        RANKSCOPE_FIELD("metrics.every_steps", metrics.every_steps),
        RANKSCOPE_FIELD("metrics.gradient_noise_every", metrics.gradient_noise_every),
        RANKSCOPE_FIELD("metrics.update_noise_ema", metrics.update_noise_ema),
    };
    fields.insert(fields.end(), metrics.begin(), metrics.end());
    const std::vector<ConfigField> lecture = {
        RANKSCOPE_FIELD("lecture.speed", lecture.speed),
        RANKSCOPE_FIELD("lecture.time_axis", lecture.time_axis),
        RANKSCOPE_FIELD("lecture.log_time", lecture.log_time),
        RANKSCOPE_FIELD("lecture.panels", lecture.panels),
        RANKSCOPE_FIELD("lecture.large_panel", lecture.large_panel),
        RANKSCOPE_FIELD("lecture.heatmap_layer", lecture.heatmap_layer),
        RANKSCOPE_FIELD("lecture.pause_at", lecture.pause_at),
    };
    fields.insert(fields.end(), lecture.begin(), lecture.end());
    return fields;
}
#undef RANKSCOPE_FIELD

const std::vector<ConfigField>& fieldTable() {
    static const std::vector<ConfigField> table = makeFields();
    return table;
}

// A comma-separated list's items, trimmed; brackets around it are optional and "" is the empty list.
QStringList listItems(const QString& text) {
    QString list = text.trimmed();
    if (list.startsWith('[') && list.endsWith(']'))
        list = list.mid(1, list.size() - 2).trimmed();
    QStringList items;
    for (const QString& item : list.isEmpty() ? QStringList() : list.split(','))
        items << item.trimmed();
    return items;
}

// A text as JSON writes it, quoted and escaped, for messages.
QString quoted(const QString& text) {
    return QString::fromUtf8(
        QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
}

// Assigns command-line text to a field; returns "expected ..., got ..." on a type error, or the
// refusal of an unknown name.
QString assignText(const FieldRef& ref, const QString& text) {
    const QString got = ", got " + quoted(text);
    return std::visit(
        Overloaded{
            [&]<typename Enum>(Enum* out) -> QString { return assignChoice(text, *out); },
            [&](QString* out) -> QString {
                *out = text;
                return {};
            },
            [&](int* out) -> QString {
                bool isInteger = false;
                const qlonglong parsed = text.trimmed().toLongLong(&isInteger);
                if (!isInteger)
                    return "expected an integer" + got;
                if (parsed < INT_MIN || parsed > INT_MAX)
                    return QString("expected an integer from %1 to %2").arg(INT_MIN).arg(INT_MAX) + got;
                *out = static_cast<int>(parsed);
                return {};
            },
            [&](double* out) -> QString {
                bool ok = false;
                const double parsed = text.trimmed().toDouble(&ok);
                if (!ok)
                    return "expected a number" + got;
                *out = parsed;
                return {};
            },
            [&](bool* out) -> QString {
                const QString word = text.trimmed().toLower();
                if (word != "true" && word != "false" && word != "1" && word != "0")
                    return "expected true or false" + got;
                *out = word == "true" || word == "1";
                return {};
            },
            [&](std::uint64_t* out) -> QString { return seedFromDigits(text.trimmed(), quoted(text), *out); },
            [&](std::vector<ConvBlockSpec>* out) -> QString { return convStackFromText(text, *out); },
            [&](std::vector<int>* out) -> QString {
                std::vector<int> widths;
                for (const QString& item : listItems(text)) {
                    bool ok = false;
                    widths.push_back(item.toInt(&ok));
                    if (!ok)
                        return "expected a comma-separated list of integers (empty for none)" + got;
                }
                *out = std::move(widths);
                return {};
            },
            [&](QStringList* out) -> QString {
                *out = listItems(text);
                return {};
            },
        },
        ref);
}

} // namespace

const std::vector<ConfigField>& configFields() {
    return fieldTable();
}

const ConfigField* findConfigField(const QString& key) {
    for (const ConfigField& field : configFields())
        if (key == field.key)
            return &field;
    return nullptr;
}

QStringList presetKeys() {
    QStringList keys;
    for (const ConfigField& field : configFields())
        keys << field.key;
    return keys;
}

QString fieldError(const QString& key, const FieldRef& ref, const std::optional<QString>& name,
                   const QString& problem) {
    const bool choice =
        std::visit([](auto* field) { return std::is_enum_v<std::remove_pointer_t<decltype(field)>>; }, ref);
    return choice && name ? QString("%1 = \"%2\": %3").arg(key, *name, problem)
                          : QString("%1: %2").arg(key, problem);
}

QString seedFromDigits(const QString& digits, const QString& shown, std::uint64_t& out) {
    bool ok = false;
    const std::uint64_t seed = digits.toULongLong(&ok);
    const bool allDigits = !digits.isEmpty() && std::all_of(digits.begin(), digits.end(),
                                                            [](QChar c) { return c >= '0' && c <= '9'; });
    if (!allDigits || !ok)
        return "expected a seed (an integer from 0 to 18446744073709551615), got " + shown;
    out = seed;
    return {};
}

Status applyOverride(RunConfig& config, const QString& dottedKey, const QString& value) {
    const ConfigField* field = findConfigField(dottedKey);
    if (!field) {
        const QString leaf = dottedKey.section('.', -1);
        const QStringList similar =
            presetKeys().filter(QRegularExpression("(^|\\.)" + QRegularExpression::escape(leaf) + "$"));
        const QString hint = similar.isEmpty() ? "known keys: " + presetKeys().join(", ")
                                               : "did you mean " + similar.join(" or ") + "?";
        return Status::failure(QString("--set %1: unknown key (%2)").arg(dottedKey, hint));
    }
    const FieldRef ref = field->ref(config);
    if (const QString error = assignText(ref, value); !error.isEmpty())
        return Status::failure("--set " + fieldError(dottedKey, ref, value, error));
    return success();
}

Status applyOverride(RunConfig& config, const QString& assignment) {
    const qsizetype equals = assignment.indexOf('=');
    if (equals < 0)
        return Status::failure(
            QString("--set %1: expected KEY=VALUE, e.g. train.batch_size=8").arg(assignment));
    return applyOverride(config, assignment.left(equals).trimmed(), assignment.mid(equals + 1));
}

} // namespace rankscope
