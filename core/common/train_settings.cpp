#include "common/train_settings.h"

#include "common/overloaded.h"

#include <QLocale>
#include <array>
#include <cmath>

namespace rankscope {
namespace {

const std::array<TrainSetting, 5> kTrainSettings = {{
    {"batch_size", "B", &TrainConfig::batch_size},
    {"lr", "lr", &TrainConfig::lr},
    {"weight_decay", "wd", &TrainConfig::weight_decay},
    {"momentum", "momentum", &TrainConfig::momentum},
    {"full_batch", nullptr, &TrainConfig::full_batch, "GD (full batch)", "SGD"},
}};

} // namespace

double TrainSetting::value(const TrainConfig& train) const {
    return std::visit([&](auto pointer) { return static_cast<double>(train.*pointer); }, member);
}

void TrainSetting::setValue(TrainConfig& train, double value) const {
    std::visit(Overloaded{
                   [&](int TrainConfig::*pointer) { train.*pointer = static_cast<int>(std::llround(value)); },
                   [&](double TrainConfig::*pointer) { train.*pointer = value; },
                   [&](bool TrainConfig::*pointer) { train.*pointer = value != 0; },
               },
               member);
}

QString TrainSetting::text(double value) const {
    return std::visit(Overloaded{
                          [&](int TrainConfig::*) { return QString::number(std::llround(value)); },
                          [&](double TrainConfig::*) {
                              return QString::number(value, 'g', QLocale::FloatingPointShortest);
                          },
                          [&](bool TrainConfig::*) { return QString(value != 0 ? "true" : "false"); },
                      },
                      member);
}

QString TrainSetting::label(const QString& text) const {
    if (isSwitch())
        return QLatin1String(text == "true" || text == "1" ? onLabel : offLabel);
    return QString("%1 = %2").arg(QLatin1String(symbol), text);
}

QString TrainSetting::changeLabel(double oldValue, double newValue) const {
    if (isSwitch())
        return QLatin1String(newValue != 0 ? onLabel : offLabel);
    const auto shortText = [this](double value) {
        return std::holds_alternative<int TrainConfig::*>(member) ? QString::number(std::llround(value))
                                                                  : QString::number(value, 'g', 3);
    };
    return QString("%1 %2→%3").arg(QLatin1String(symbol), shortText(oldValue), shortText(newValue));
}

std::span<const TrainSetting> trainSettings() {
    return kTrainSettings;
}

const TrainSetting* findTrainSetting(const QString& nameOrKey) {
    const QString name = nameOrKey.startsWith("train.") ? nameOrKey.mid(6) : nameOrKey;
    for (const TrainSetting& setting : kTrainSettings)
        if (name == QLatin1String(setting.name))
            return &setting;
    return nullptr;
}

} // namespace rankscope
