#include "presentation/stage_layout.h"

#include "dashboard.h"
#include "panel_grid.h"
#include "plots/noise_plot.h"
#include "plots/null_space_plot.h"
#include "plots/rank_plot.h"
#include "plots/spectrum_heatmap_plot.h"
#include "plots/spectrum_plot.h"

#include <QEvent>
#include <algorithm>

namespace rankscope {

StageLayout::StageLayout(Dashboard* dashboard)
    : QObject(dashboard)
    , m_dashboard(dashboard)
    , m_shown(dashboard->plots()) {
    dashboard->installEventFilter(this);
    connect(dashboard, &Dashboard::shownPlotsChanged, this, &StageLayout::update);
    connect(dashboard, &Dashboard::panelAreaChanged, this, &StageLayout::update);
    for (LivePlot* plot : dashboard->plots())
        plot->installEventFilter(this);
}

int StageLayout::panelsThatFit(QSize area, double scale) {
    const int rows = std::clamp(static_cast<int>(area.height() / (kMinPanelSize.height() * scale)), 1, 3);
    const int columns = area.width() >= 2 * kMinPanelSize.width() * scale ? 2 : 1;
    return rows * columns;
}

void StageLayout::setFitting(bool on, double scale) {
    m_fitting = on;
    m_scale = scale;
    update();
}

QList<LivePlot*> StageLayout::priority() const {
    // The rank story first: the rank, the spectrum it counts, the heat map of its history, then
    // accuracy (the rank falls while accuracy holds) and the noise. With a null space, the Janus
    // story: the null-space decay, the rank and SGD's noise floor against GD's.
    const bool nullSpace = m_dashboard->hasNullSpace();
    const auto rankOf = [nullSpace](const LivePlot* plot) {
        if (qobject_cast<const NullSpacePlot*>(plot))
            return nullSpace ? 0 : 7;
        if (qobject_cast<const RankPlot*>(plot))
            return 1;
        if (qobject_cast<const NoisePlot*>(plot))
            return nullSpace ? 2 : 6;
        if (qobject_cast<const SpectrumPlot*>(plot))
            return 3;
        if (qobject_cast<const SpectrumHeatmapPlot*>(plot))
            return 4;
        return 5; // loss and accuracy
    };
    QList<LivePlot*> ordered = m_dashboard->shownPlots();
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&rankOf](const LivePlot* a, const LivePlot* b) { return rankOf(a) < rankOf(b); });
    return ordered;
}

void StageLayout::toggleZoom(LivePlot* plot) {
    m_zoomed = m_zoomed == plot ? nullptr : plot;
    update();
}

void StageLayout::toggleZoomAt(QPoint globalPos) {
    LivePlot* target = m_zoomed ? m_zoomed : m_dashboard->rankPlot();
    if (!m_zoomed)
        for (LivePlot* plot : std::as_const(m_shown))
            if (plot->rect().contains(plot->mapFromGlobal(globalPos)))
                target = plot;
    toggleZoom(target);
}

bool StageLayout::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_dashboard && event->type() == QEvent::Resize)
        update();
    // A double-click the options bar or a gap between panels ignores reaches the dashboard itself.
    else if (auto* plot = qobject_cast<LivePlot*>(watched);
             plot && event->type() == QEvent::MouseButtonDblClick)
        toggleZoom(plot);
    return QObject::eventFilter(watched, event);
}

void StageLayout::update() {
    QList<LivePlot*> shown;
    if (m_zoomed) {
        shown = {m_zoomed};
    } else if (m_fitting) {
        const QList<LivePlot*> kept = priority().mid(0, panelsThatFit(m_dashboard->panelArea(), m_scale));
        for (LivePlot* plot : m_dashboard->plots())
            if (kept.contains(plot))
                shown.append(plot);
    } else {
        shown = m_dashboard->plots();
    }
    if (shown == m_shown && m_fitting == m_evenRows)
        return;
    m_shown = shown;
    m_evenRows = m_fitting;
    m_dashboard->setPlotsShown(shown, m_fitting);
    emit shownChanged();
}

} // namespace rankscope
