#include "export/dashboard_renderer.h"

#include "dashboard.h"
#include "export/dashboard_panels.h"
#include "export/figure_preset.h"

namespace rankscope {
namespace {

// Frames are read like slides: the slide presets' tick-label share and columns.
FigurePreset framePreset(QSize size) {
    const FigurePreset slide = figurePresets().front();
    return {"frame", "video frame", size, slide.tickShare, slide.dashboardTickShare, slide.dashboardColumns};
}

} // namespace

DashboardRenderer::DashboardRenderer(const MetricsConfig& metrics, const Theme& theme, TimeAxis axis)
    : m_dashboard(std::make_unique<Dashboard>())
    , m_theme(theme) {
    m_dashboard->setRankConvention(metrics.rank_eps, metrics.rank_norm);
    m_dashboard->applyTheme(theme);
    m_dashboard->setTimeAxis(axis);
}

DashboardRenderer::~DashboardRenderer() = default;

QList<LivePlot*> DashboardRenderer::plots(const QString& panel) const {
    const QList<LivePlot*> all = m_dashboard->plots();
    const qsizetype index = dashboardPanelNames().indexOf(panel);
    return index >= 0 && index < all.size() ? QList<LivePlot*>{all[index]} : all;
}

void DashboardRenderer::show(const RunViews& runs) {
    m_dashboard->showRuns(runs);
}

QImage DashboardRenderer::frame(const RunViews& runs, QSize size, const QString& panel) {
    show(runs);
    const QList<LivePlot*> shown = plots(panel);
    return renderFigure(shown, presetLayout(framePreset(size), m_theme, static_cast<int>(shown.size())));
}

} // namespace rankscope
