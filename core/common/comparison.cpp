#include "common/comparison.h"

#include "common/config_fields.h"
#include "common/train_settings.h"

#include <QLocale>
#include <QStringList>

namespace rankscope {
namespace {

QString settingLabel(const QString& key, const QString& value) {
    if (const TrainSetting* setting = findTrainSetting(key))
        return setting->label(value);
    return key.section('.', -1) + " = " + value;
}

} // namespace

bool isVariableKey(const QString& key) {
    return key.startsWith("train.") || key.startsWith("metrics.");
}

QString variantLabel(const RunVariant& variant) {
    QStringList parts;
    for (const auto& [key, value] : variant.settings)
        parts << settingLabel(key, value);
    return parts.isEmpty() ? QString("as configured") : parts.join(", ");
}

RunConfig withRunSettings(const RunConfig& config, const std::vector<TrainConfig>& trains) {
    RunConfig saved = config;
    if (config.compare.size() != trains.size())
        return saved;
    for (std::size_t i = 0; i < trains.size(); ++i) {
        RunVariant& variant = saved.compare[i];
        std::erase_if(variant.settings,
                      [](const auto& setting) { return setting.first.startsWith("train."); });
        for (const TrainSetting& setting : trainSettings())
            if (const double value = setting.value(trains[i]); value != setting.value(config.train))
                variant.settings.emplace_back(setting.key(), setting.text(value));
    }
    return saved;
}

Result<std::vector<ComparisonRun>> comparisonRuns(const RunConfig& config) {
    using R = Result<std::vector<ComparisonRun>>;
    RunConfig base = config;
    base.compare.clear();
    if (config.compare.empty())
        return std::vector<ComparisonRun>{{config.name, base}};
    if (config.compare.size() > kMaxComparisonRuns)
        return R::failure(QString("compare: %1 runs; at most %2 can run side by side")
                              .arg(config.compare.size())
                              .arg(kMaxComparisonRuns));
    std::vector<ComparisonRun> runs;
    for (std::size_t i = 0; i < config.compare.size(); ++i) {
        const RunVariant& variant = config.compare[i];
        ComparisonRun run{variant.label.isEmpty() ? variantLabel(variant) : variant.label, base};
        const QString where = QString("compare[%1]").arg(i);
        for (const auto& [key, value] : variant.settings) {
            if (!isVariableKey(key))
                return R::failure(
                    QString("%1.set.%2: only train.* and metrics.* keys can differ").arg(where, key));
            if (const Status applied = applyOverride(run.config, key, value); !applied)
                return R::failure(where + ": " + applied.error());
        }
        if (const QString invalid = run.config.validate(); !invalid.isEmpty())
            return R::failure(QString("%1 (%2): %3").arg(where, run.label, invalid));
        runs.push_back(std::move(run));
    }
    return runs;
}

} // namespace rankscope
