// The live training settings of TrainConfig, described once. Each row names a setting, points at its
// member and says how it reads as text and in labels. Everything that walks the settings goes through
// this table: preset JSON and --set (io/preset_io.cpp), comparison variants and their labels
// (common/comparison.h), the session's change events, the change markers of the time plots and the
// control panel's knobs. Adding a live setting is a member of TrainConfig, a row here and its knob.
// Leaves out: checking values (RunConfig::validate()) and the CSV columns (io/metrics_csv.cpp).
#pragma once

#include "common/run_config.h"

#include <QString>
#include <span>
#include <variant>

namespace rankscope {

struct TrainSetting {
    using Member = std::variant<int TrainConfig::*, double TrainConfig::*, bool TrainConfig::*>;

    const char* name;   // the key under "train." in presets and --set; ChangeEvent::name
    const char* symbol; // a number's name in labels: "B" reads "B = 4" and "B 8→128"
    Member member;
    const char* onLabel = nullptr; // a switch's label in each position, e.g. "GD (full batch)"
    const char* offLabel = nullptr;

    QString key() const { return QStringLiteral("train.") + QLatin1String(name); }
    bool isSwitch() const { return std::holds_alternative<bool TrainConfig::*>(member); }
    // The value as a number (a switch reads 0 or 1), as change events record it.
    double value(const TrainConfig& train) const;
    // Sets the member from a number; an integer setting rounds to the nearest.
    void setValue(TrainConfig& train, double value) const;
    // --set's text form of a value: "8", "0.05" (shortest exact), "true".
    QString text(double value) const;
    // A comparison run's label for --set text: "B = 4", "lr = 0.05", "GD (full batch)".
    QString label(const QString& text) const;
    // A change marker's label: "B 8→128", "lr 0.1→0.05" (3 digits), or the switch's new position.
    QString changeLabel(double oldValue, double newValue) const;
};

// Every live setting, in the order presets list them.
std::span<const TrainSetting> trainSettings();

// The row of a setting by name ("lr") or dotted key ("train.lr"); nullptr if there is none.
const TrainSetting* findTrainSetting(const QString& nameOrKey);

} // namespace rankscope
