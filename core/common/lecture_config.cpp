#include "common/lecture_config.h"

#include <array>
#include <cmath>

namespace rankscope {
namespace {

constexpr std::array<NamedChoice<TimeAxis>, 2> kTimeAxes = {{
    {TimeAxis::Steps, "steps"},
    {TimeAxis::Epochs, "epochs"},
}};

constexpr double kMaxSpeed = 1e6; // steps per second; beyond it the cap is "unlimited" in practice

} // namespace

ChoiceTable<NamedChoice<TimeAxis>> choiceTable(TimeAxis) {
    return {kTimeAxes, "expected %1"};
}

const QStringList& dashboardPanelNames() {
    static const QStringList names = {"spectrum", "heatmap", "rank", "noise", "loss", "nullspace"};
    return names;
}

QString LectureConfig::validate() const {
    if (!std::isfinite(speed) || speed < 0 || speed > kMaxSpeed)
        return QString("lecture.speed = %1: must be 0 (unlimited) or a number of steps per second up to %2")
            .arg(speed)
            .arg(kMaxSpeed);
    if (panels.isEmpty())
        return QString("lecture.panels is empty: name at least one of %1")
            .arg(dashboardPanelNames().join(", "));
    for (const QString& panel : panels) {
        if (!dashboardPanelNames().contains(panel))
            return QString("lecture.panels: unknown panel \"%1\" (expected %2)")
                .arg(panel, dashboardPanelNames().join(", "));
        if (panels.count(panel) > 1)
            return QString("lecture.panels: \"%1\" is listed twice").arg(panel);
    }
    if (!large_panel.isEmpty() && !panels.contains(large_panel))
        return QString("lecture.large_panel = \"%1\": must be empty or one of lecture.panels (%2)")
            .arg(large_panel, panels.join(", "));
    if (heatmap_layer < 0)
        return QString("lecture.heatmap_layer = %1: must be 0 (automatic) or a layer number from 1")
            .arg(heatmap_layer);
    for (std::size_t i = 0; i < pause_at.size(); ++i)
        if (pause_at[i] < 1 || (i > 0 && pause_at[i] <= pause_at[i - 1]))
            return QString("lecture.pause_at: expected ascending step numbers >= 1, got %1 after %2")
                .arg(pause_at[i])
                .arg(i > 0 ? QString::number(pause_at[i - 1]) : QString("the start"));
    return {};
}

} // namespace rankscope
