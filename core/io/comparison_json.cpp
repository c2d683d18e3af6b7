#include "io/comparison_json.h"

#include "common/comparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>

namespace rankscope {
namespace {

// A JSON value in --set's text form: 0.1 -> "0.1", true -> "true", [64, 32] -> "64,32".
QString settingText(const QJsonValue& value, bool* ok) {
    *ok = true;
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items << settingText(item, ok);
        return items.join(',');
    }
    *ok = false;
    return {};
}

} // namespace

QString comparisonFromJson(const QJsonValue& value, std::vector<RunVariant>& variants) {
    if (!value.isArray())
        return "compare: expected an array of {\"label\": ..., \"set\": {...}} objects";
    const QJsonArray entries = value.toArray();
    if (entries.size() > kMaxComparisonRuns)
        return QString("compare: %1 runs; at most %2 can run side by side")
            .arg(entries.size())
            .arg(kMaxComparisonRuns);
    variants.clear();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = QString("compare[%1]").arg(i);
        if (!entries[i].isObject())
            return where + ": expected an object {\"label\": ..., \"set\": {...}}";
        const QJsonObject entry = entries[i].toObject();
        RunVariant variant;
        for (auto member = entry.begin(); member != entry.end(); ++member) {
            if (member.key() == "label" && member.value().isString()) {
                variant.label = member.value().toString();
            } else if (member.key() == "set" && member.value().isObject()) {
                const QJsonObject settings = member.value().toObject();
                for (auto setting = settings.begin(); setting != settings.end(); ++setting) {
                    if (!isVariableKey(setting.key()))
                        return QString("%1.set.%2: only train.* and metrics.* keys can differ between "
                                       "comparison runs (they share data, model and seed)")
                            .arg(where, setting.key());
                    bool ok = false;
                    const QString text = settingText(setting.value(), &ok);
                    if (!ok)
                        return QString("%1.set.%2: expected a number, boolean, string or array")
                            .arg(where, setting.key());
                    variant.settings.emplace_back(setting.key(), text);
                }
            } else {
                return QString("%1.%2: expected \"label\" (a string) or \"set\" (an object)")
                    .arg(where, member.key());
            }
        }
        variants.push_back(std::move(variant));
    }
    return {};
}

QByteArray comparisonToJson(const std::vector<RunVariant>& variants) {
    QJsonArray entries;
    for (const RunVariant& variant : variants) {
        QJsonObject settings;
        for (const auto& [key, value] : variant.settings)
            settings.insert(key, value); // as text: applyOverride reads numbers and booleans from text
        QJsonObject entry{{"set", settings}};
        if (!variant.label.isEmpty())
            entry.insert("label", variant.label);
        entries.append(entry);
    }
    QByteArray json = QJsonDocument(entries).toJson(QJsonDocument::Indented).trimmed();
    json.replace("\n", "\n    "); // nested under the preset's top-level indentation
    return json;
}

} // namespace rankscope
