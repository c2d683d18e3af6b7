// Preset JSON and --set overrides. One table, fields(), maps every dotted key of DESIGN.md's preset
// schema to its RunConfig member and fixes the key order of written presets; reading JSON, writing
// JSON and applying --set all go through it, so the three cannot disagree about a key or its type.
// Leaves out: the preset library (built-in names, resources) and schema versioning (unknown keys warn).
#include "io/preset_io.h"

#include "common/overloaded.h"
#include "common/train_settings.h"
#include "io/comparison.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <functional>
#include <variant>

namespace rankscope {
namespace {

using FieldRef = std::variant<QString*, int*, double*, bool*, std::uint64_t*, std::vector<int>*>;

struct Field {
    QString key; // dotted path: "seed", "train.batch_size"
    std::function<FieldRef(RunConfig&)> ref;
};

#define RANKSCOPE_FIELD(key, member)                                                                         \
    Field {                                                                                                  \
        key, [](RunConfig& c) -> FieldRef { return &c.member; }                                              \
    }
// The schema's keys in order; the train.* keys come from the live settings' table (train_settings.h).
std::vector<Field> makeFields() {
    std::vector<Field> fields = {
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
        RANKSCOPE_FIELD("model.kind", model.kind),
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
    const std::vector<Field> metrics = {
        RANKSCOPE_FIELD("metrics.rank_eps", metrics.rank_eps),
        RANKSCOPE_FIELD("metrics.rank_norm", metrics.rank_norm),
        RANKSCOPE_FIELD("metrics.every_steps", metrics.every_steps),
        RANKSCOPE_FIELD("metrics.gradient_noise_every", metrics.gradient_noise_every),
        RANKSCOPE_FIELD("metrics.update_noise_ema", metrics.update_noise_ema),
    };
    fields.insert(fields.end(), metrics.begin(), metrics.end());
    return fields;
}
#undef RANKSCOPE_FIELD

const std::vector<Field>& fields() {
    static const std::vector<Field> table = makeFields();
    return table;
}

const QStringList kSections = {"data", "model", "train", "metrics"};
constexpr std::uint64_t kMaxExactSeed = 1ull << 53; // beyond it a JSON number may be rounded

const Field* findField(const QString& key) {
    for (const Field& field : fields())
        if (key == field.key)
            return &field;
    return nullptr;
}

// Shortest text that reads back as the same double ("0.1", "1e-05", "4096").
QByteArray shortestDouble(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return QByteArray(buffer, end - buffer);
}

// As written to a preset: a whole number keeps a ".0" so the file shows the key takes fractions.
QByteArray jsonDouble(double value) {
    const QByteArray text = shortestDouble(value);
    const bool whole =
        std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    return whole ? text + ".0" : text;
}

QByteArray jsonString(const QString& text) {
    const QByteArray wrapped = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2); // strip the array's brackets
}

// A JSON value as it appears in a message: strings quoted, long arrays/objects shortened.
QString describe(const QJsonValue& value) {
    QByteArray text;
    if (value.isDouble()) {
        const double d = value.toDouble();
        text = std::floor(d) == d && std::abs(d) < 9e18 ? QByteArray::number(value.toInteger(qint64(d)))
                                                        : shortestDouble(d);
    } else if (value.isArray()) {
        text = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    } else if (value.isObject()) {
        text = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    } else {
        text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        text = text.mid(1, text.size() - 2);
    }
    return text.size() > 60 ? QString::fromUtf8(text.left(57)) + "..." : QString::fromUtf8(text);
}

QString quoted(const QString& text) {
    return QString::fromUtf8(jsonString(text));
}

// JSON number -> int; an empty message on success.
QString intFromJson(const QJsonValue& value, int& out) {
    const double d = value.toDouble();
    if (!value.isDouble() || std::floor(d) != d)
        return "expected an integer, got " + describe(value);
    if (d < INT_MIN || d > INT_MAX)
        return QString("expected an integer from %1 to %2, got %3")
            .arg(INT_MIN)
            .arg(INT_MAX)
            .arg(describe(value));
    out = static_cast<int>(d);
    return {};
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

// Assigns a JSON value to a field; returns "expected ..., got ..." on a type error.
QString assignJson(const FieldRef& ref, const QJsonValue& value) {
    return std::visit(
        Overloaded{
            [&](QString* out) -> QString {
                if (!value.isString())
                    return "expected a string, got " + describe(value);
                *out = value.toString();
                return {};
            },
            [&](int* out) -> QString { return intFromJson(value, *out); },
            [&](double* out) -> QString {
                if (!value.isDouble())
                    return "expected a number, got " + describe(value);
                *out = value.toDouble();
                return {};
            },
            [&](bool* out) -> QString {
                if (!value.isBool())
                    return "expected true or false, got " + describe(value);
                *out = value.toBool();
                return {};
            },
            [&](std::uint64_t* out) -> QString {
                if (value.isString())
                    return seedFromDigits(value.toString(), describe(value), *out);
                const double d = value.toDouble();
                if (!value.isDouble() || std::floor(d) != d || d < 0)
                    return "expected a seed (an integer >= 0), got " + describe(value);
                const qint64 exact = value.toInteger(-1); // exact for an integer literal, -1 if out of range
                if (d > double(kMaxExactSeed) || exact < 0 || quint64(exact) > kMaxExactSeed)
                    return "a seed above 2^53 must be written as a string of digits, got " + describe(value);
                *out = static_cast<std::uint64_t>(exact);
                return {};
            },
            [&](std::vector<int>* out) -> QString {
                const QString error = "expected a list of integers, got " + describe(value);
                if (!value.isArray())
                    return error;
                std::vector<int> list;
                for (const QJsonValue& item : value.toArray())
                    if (!intFromJson(item, list.emplace_back()).isEmpty())
                        return error;
                *out = std::move(list);
                return {};
            },
        },
        ref);
}

// Assigns command-line text to a field; returns "expected ..., got ..." on a type error.
QString assignText(const FieldRef& ref, const QString& text) {
    const QString got = ", got " + quoted(text);
    return std::visit(
        Overloaded{
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
            [&](std::vector<int>* out) -> QString {
                QString list = text.trimmed();
                if (list.startsWith('[') && list.endsWith(']'))
                    list = list.mid(1, list.size() - 2).trimmed();
                std::vector<int> widths;
                for (const QString& item : list.isEmpty() ? QStringList() : list.split(',')) {
                    bool ok = false;
                    widths.push_back(item.trimmed().toInt(&ok));
                    if (!ok)
                        return "expected a comma-separated list of integers (empty for none)" + got;
                }
                *out = std::move(widths);
                return {};
            },
        },
        ref);
}

QByteArray fieldJson(const FieldRef& ref) {
    return std::visit(Overloaded{
                          [](QString* v) { return jsonString(*v); },
                          [](int* v) { return QByteArray::number(*v); },
                          // JSON has no NaN/Inf; validate() rejects them, so null only marks a bug.
                          [](double* v) { return std::isfinite(*v) ? jsonDouble(*v) : QByteArray("null"); },
                          [](bool* v) { return QByteArray(*v ? "true" : "false"); },
                          [](std::uint64_t* v) {
                              const QByteArray digits = QByteArray::number(quint64(*v));
                              return *v <= kMaxExactSeed ? digits : '"' + digits + '"';
                          },
                          [](std::vector<int>* v) {
                              QByteArrayList items;
                              for (int width : *v)
                                  items << QByteArray::number(width);
                              return '[' + items.join(", ") + ']';
                          },
                      },
                      ref);
}

// "line 3, column 7 (byte 41)" for a byte offset into `text`.
QString position(const QByteArray& text, qsizetype offset) {
    const QByteArray before = text.left(offset);
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return QString("line %1, column %2 (byte %3)")
        .arg(before.count('\n') + 1)
        .arg(offset - lineStart + 1)
        .arg(offset);
}

} // namespace

QStringList presetKeys() {
    QStringList keys;
    for (const Field& field : fields())
        keys << field.key;
    return keys;
}

Result<RunConfig> presetFromJson(const QByteArray& json, const QString& sourceName, QStringList* warnings) {
    using R = Result<RunConfig>;
    const QByteArray text = json.startsWith("\xEF\xBB\xBF") ? json.mid(3) : json; // editors' UTF-8 BOM
    if (text.trimmed().isEmpty())
        return R::failure(sourceName + ": the file is empty (expected a JSON object)");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return R::failure(QString("%1: malformed JSON at %2: %3")
                              .arg(sourceName, position(text, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        return R::failure(sourceName + ": expected a JSON object { ... } at the top level, got an array");

    RunConfig config;
    auto assign = [&](const QString& key, const QJsonValue& value) -> QString {
        const Field* field = findField(key);
        if (!field) {
            if (warnings)
                *warnings << QString("%1: unknown key %2 ignored (written by a newer RankScope?)")
                                 .arg(sourceName, key);
            return {};
        }
        const QString error = assignJson(field->ref(config), value);
        return error.isEmpty() ? error : QString("%1: %2: %3").arg(sourceName, key, error);
    };
    const QJsonObject root = document.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        QString error;
        if (it.key() == "compare") {
            error = comparisonFromJson(it.value(), config.compare);
            if (!error.isEmpty())
                error = sourceName + ": " + error;
        } else if (!kSections.contains(it.key())) {
            error = assign(it.key(), it.value());
        } else if (!it.value().isObject()) {
            error = QString("%1: %2: expected an object { ... }, got %3")
                        .arg(sourceName, it.key(), describe(it.value()));
        } else {
            const QJsonObject section = it.value().toObject();
            for (auto member = section.begin(); member != section.end() && error.isEmpty(); ++member)
                error = assign(it.key() + '.' + member.key(), member.value());
        }
        if (!error.isEmpty())
            return R::failure(error);
    }
    if (const QString invalid = config.validate(); !invalid.isEmpty())
        return R::failure(sourceName + ": " + invalid);
    if (const auto runs = comparisonRuns(config); !runs)
        return R::failure(sourceName + ": " + runs.error());
    return config;
}

QByteArray presetToJson(const RunConfig& config) {
    RunConfig copy = config; // the field table hands out mutable references
    QByteArrayList members;
    QByteArrayList sectionLines;
    QByteArray section;
    auto closeSection = [&] {
        if (!section.isEmpty())
            members << "    \"" + section + "\": {\n" + sectionLines.join(",\n") + "\n    }";
        sectionLines.clear();
    };
    for (const Field& field : fields()) {
        const QByteArray key = field.key.toLatin1();
        const qsizetype dot = key.indexOf('.');
        const QByteArray fieldSection = dot < 0 ? QByteArray() : key.left(dot);
        if (fieldSection != section) {
            closeSection();
            section = fieldSection;
        }
        const QByteArray value = fieldJson(field.ref(copy));
        if (section.isEmpty())
            members << "    \"" + key + "\": " + value;
        else
            sectionLines << "        \"" + key.mid(dot + 1) + "\": " + value;
    }
    closeSection();
    if (!config.compare.empty())
        members << "    \"compare\": " + comparisonToJson(config.compare);
    return "{\n" + members.join(",\n") + "\n}\n";
}

Result<RunConfig> loadPresetFile(const QString& path, QStringList* warnings) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<RunConfig>::failure(
            QString("%1: cannot read preset file: %2").arg(path, file.errorString()));
    constexpr qint64 kMaxPresetBytes = 16
                                       << 20; // far above any preset; catches a data file passed by mistake
    if (file.size() > kMaxPresetBytes)
        return Result<RunConfig>::failure(
            QString("%1: %2 bytes is too large for a preset file").arg(path).arg(file.size()));
    return presetFromJson(file.readAll(), path, warnings);
}

Status savePresetFile(const RunConfig& config, const QString& path) {
    QSaveFile file(path);
    const QByteArray json = presetToJson(config);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        return Status::failure(QString("%1: cannot write preset file: %2").arg(path, file.errorString()));
    return success();
}

Status applyOverride(RunConfig& config, const QString& dottedKey, const QString& value) {
    const Field* field = findField(dottedKey);
    if (!field) {
        const QString leaf = dottedKey.section('.', -1);
        const QStringList similar =
            presetKeys().filter(QRegularExpression("(^|\\.)" + QRegularExpression::escape(leaf) + "$"));
        const QString hint = similar.isEmpty() ? "known keys: " + presetKeys().join(", ")
                                               : "did you mean " + similar.join(" or ") + "?";
        return Status::failure(QString("--set %1: unknown key (%2)").arg(dottedKey, hint));
    }
    if (const QString error = assignText(field->ref(config), value); !error.isEmpty())
        return Status::failure(QString("--set %1: %2").arg(dottedKey, error));
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
