// DashboardRenderer: the dashboard without a window, for `rankscope --headless`: the figure of
// --export and the frames of --export-video are drawn by the window's own Dashboard and plots, in a
// chosen theme and time axis, so the headless output looks like the window's export.
#pragma once

#include "common/run_config.h"
#include "figure_export.h"
#include "run_view.h"
#include "time_plot.h"

#include <QImage>
#include <memory>

namespace rankscope {

class Dashboard;

class DashboardRenderer {
public:
    DashboardRenderer(const MetricsConfig& metrics, const Theme& theme, TimeAxis axis);
    ~DashboardRenderer();

    // Every panel, or the one named (ui/export/dashboard_panels.h); an unknown name gives every panel.
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
