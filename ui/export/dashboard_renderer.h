// DashboardRenderer: the dashboard without a window, for `rankscope --headless`: the figure of
// --export and the frames of --export-video are drawn by the window's own Dashboard and plots, in a
// chosen theme, with the run's lecture panels and time axis (or the one given), so the headless output
// looks like the window's export.
#pragma once

#include "common/run_config.h"
#include "figure_export.h"
#include "run_view.h"
#include "time_plot.h"

#include <QImage>
#include <memory>
#include <optional>

namespace rankscope {

class Dashboard;

class DashboardRenderer {
public:
    DashboardRenderer(const RunConfig& config, const Theme& theme, std::optional<TimeAxis> axis);
    ~DashboardRenderer();

    // The lecture's panels, or the one named (dashboardPanelNames(), common/lecture_config.h); an unknown
    // name gives the lecture's panels.
    QList<LivePlot*> plots(const QString& panel = {}) const;
    const Theme& theme() const { return m_theme; }

    void show(const RunViews& runs);
    // One video frame of exactly `size` pixels, text scaled as on a slide (export/figure_preset.h).
    QImage frame(const RunViews& runs, QSize size, const QString& panel);

private:
    std::unique_ptr<Dashboard> m_dashboard;
    Theme m_theme;
};

} // namespace rankscope
