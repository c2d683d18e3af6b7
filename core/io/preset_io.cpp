// Preset JSON. The table of dotted keys (common/config_fields.h) maps every key of DESIGN.md's preset
// schema to its RunConfig member and fixes the key order of written presets; reading JSON, writing
// JSON and applying --set all go through it, so the three cannot disagree about a key or its type.
// Leaves out: the preset library (built-in names, resources) and schema versioning (unknown keys warn).
#include "io/preset_io.h"

#include "common/comparison.h"
#include "common/overloaded.h"
#include "io/comparison_json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>
#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <variant>

namespace rankscope {
namespace {

const QStringList kSections = {"data", "model", "train", "metrics", "lecture"};
constexpr std::uint64_t kMaxExactSeed = 1ull << 53; // beyond it a JSON number may be rounded

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

// The members of one model.conv block in JSON, in the order written.
struct ConvMember {
    const char* name;
    int ConvBlockSpec::*member;
};
constexpr ConvMember kConvMembers[] = {{"channels", &ConvBlockSpec::channels},
                                       {"kernel", &ConvBlockSpec::kernel},
                                       {"stride", &ConvBlockSpec::stride},
                                       {"padding", &ConvBlockSpec::padding},
                                       {"pool", &ConvBlockSpec::pool}};

// [{"channels": 16, "kernel": 3, ...}, ...]: missing members keep ConvBlockSpec's defaults.
QString convFromJson(const QJsonValue& value, std::vector<ConvBlockSpec>& out) {
    if (!value.isArray())
        return "expected a list of blocks {\"channels\": ..., \"kernel\": ...}, got " + describe(value);
    std::vector<ConvBlockSpec> blocks;
    for (const QJsonValue& item : value.toArray()) {
        if (!item.isObject())
            return "expected each block as an object {\"channels\": ..., \"kernel\": ...}, got " +
                   describe(item);
        ConvBlockSpec& block = blocks.emplace_back();
        const QJsonObject object = item.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const auto* known = std::find_if(std::begin(kConvMembers), std::end(kConvMembers),
                                             [&](const ConvMember& m) { return it.key() == m.name; });
            if (known == std::end(kConvMembers))
                return QString(
                           "block %1: unknown key \"%2\" (expected channels, kernel, stride, padding, pool)")
                    .arg(blocks.size())
                    .arg(it.key());
            if (const QString error = intFromJson(it.value(), block.*known->member); !error.isEmpty())
                return QString("block %1: %2: %3").arg(blocks.size()).arg(it.key(), error);
        }
    }
    out = std::move(blocks);
    return {};
}

QByteArray convJson(const std::vector<ConvBlockSpec>& blocks) {
    QByteArrayList items;
    for (const ConvBlockSpec& block : blocks) {
        QByteArrayList members;
        for (const ConvMember& m : kConvMembers)
            members << '"' + QByteArray(m.name) + "\": " + QByteArray::number(block.*m.member);
        items << '{' + members.join(", ") + '}';
    }
    return '[' + items.join(", ") + ']';
}

// Assigns a JSON value to a field; returns "expected ..., got ..." on a type error, or the refusal
// of an unknown name.
QString assignJson(const FieldRef& ref, const QJsonValue& value) {
    return std::visit(
        Overloaded{
            [&]<typename Enum>(Enum* out) -> QString {
                return value.isString() ? assignChoice(value.toString(), *out)
                                        : "expected a string, got " + describe(value);
            },
            [&](QString* out) -> QString {
                if (!value.isString())
                    return "expected a string, got " + describe(value);
                *out = value.toString();
                return {};
            },
            [&](int* out) -> QString { return intFromJson(value, *out); },
            [&](std::vector<ConvBlockSpec>* out) -> QString { return convFromJson(value, *out); },
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
            [&](QStringList* out) -> QString {
                const QString error = "expected a list of strings, got " + describe(value);
                if (!value.isArray())
                    return error;
                QStringList list;
                for (const QJsonValue& item : value.toArray()) {
                    if (!item.isString())
                        return error;
                    list << item.toString();
                }
                *out = std::move(list);
                return {};
            },
        },
        ref);
}

QByteArray fieldJson(const FieldRef& ref) {
    return std::visit(Overloaded{
                          []<typename Enum>(Enum* v) { return jsonString(choiceName(*v)); },
                          [](QString* v) { return jsonString(*v); },
                          [](int* v) { return QByteArray::number(*v); },
                          [](std::vector<ConvBlockSpec>* v) { return convJson(*v); },
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
                          [](QStringList* v) {
                              QByteArrayList items;
                              for (const QString& item : *v)
                                  items << jsonString(item);
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
        const ConfigField* field = findConfigField(key);
        if (!field) {
            if (warnings)
                *warnings << QString("%1: unknown key %2 ignored (written by a newer RankScope?)")
                                 .arg(sourceName, key);
            return {};
        }
        const FieldRef ref = field->ref(config);
        const QString error = assignJson(ref, value);
        const std::optional<QString> name = value.isString() ? std::optional(value.toString()) : std::nullopt;
        return error.isEmpty() ? error : sourceName + ": " + fieldError(key, ref, name, error);
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
    for (const ConfigField& field : configFields()) {
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

} // namespace rankscope
