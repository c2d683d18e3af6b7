#include "export/dashboard_renderer.h"

#include "common/lecture_config.h"
#include "dashboard.h"
#include "export/figure_preset.h"

namespace rankscope {
namespace {

// Frames are read like slides: the slide presets' tick-label share and columns.
FigurePreset framePreset(QSize size) {
    const FigurePreset slide = figurePresets().front();
    return {"frame", "video frame", size, slide.tickShare, slide.dashboardColumns};
}

} // namespace

DashboardRenderer::DashboardRenderer(const RunConfig& config, const Theme& theme,
                                     std::optional<TimeAxis> axis)
    : m_dashboard(std::make_unique<Dashboard>())
    , m_theme(theme) {
    m_dashboard->setRankConvention(config.metrics.rank_eps, config.metrics.rank_norm);
    m_dashboard->applyTheme(theme);
    LectureConfig lecture = config.lecture;
    lecture.time_axis = axis.value_or(lecture.time_axis);
    m_dashboard->applyLecture(lecture);
}

DashboardRenderer::~DashboardRenderer() = default;

QList<LivePlot*> DashboardRenderer::plots(const QString& panel) const {
    const QList<LivePlot*> all = m_dashboard->plots();
    const qsizetype index = dashboardPanelNames().indexOf(panel);
    return index >= 0 && index < all.size() ? QList<LivePlot*>{all[index]} : m_dashboard->shownPlots();
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
