#include "time_plot.h"

#include "common/train_settings.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr std::size_t kMaxMarkers = 60; // the newest changes; older ones would be unreadable anyway

} // namespace

TimePlot::TimePlot(const QString& title, QWidget* parent)
    : LivePlot(title, parent) {
    setTimeAxis(TimeAxis::Steps);
}

void TimePlot::setTimeAxis(TimeAxis axis) {
    m_timeAxis = axis;
    if (axis == TimeAxis::Steps)
        setAxisLabel(xAxis, "SGD step", "step");
    else
        setAxisLabel(xAxis, "epoch (passes over the training set)", "epoch");
}

void TimePlot::clearRun() {
    for (QCPAbstractItem* item : m_markerLines)
        removeItem(item);
    for (QCPAbstractItem* item : m_markerLabels)
        removeItem(item);
    m_markerLines.clear();
    m_markerLabels.clear();
    LivePlot::clearRun();
}

void TimePlot::applyTheme(const Theme& theme) {
    LivePlot::applyTheme(theme);
    for (QCPItemStraightLine* line : m_markerLines)
        line->setPen(QPen(theme.marker, theme.markerWidth, Qt::DashLine));
    for (QCPItemText* label : m_markerLabels)
        styleMarkerLabel(label);
}

QString TimePlot::markerLabel(const ChangeEvent& event) {
    if (const TrainSetting* setting = findTrainSetting(event.name))
        return setting->changeLabel(event.oldValue, event.newValue);
    return event.name; // every event names a row of the table
}

void TimePlot::setSeries(QCPGraph* graph, const MetricHistory& series) const {
    const std::vector<double>& time = m_timeAxis == TimeAxis::Steps ? series.steps() : series.epochs();
    const bool logarithmic = graph->valueAxis()->scaleType() == QCPAxis::stLogarithmic;
    QVector<QCPGraphData> data;
    data.reserve(series.size());
    for (int i = 0; i < series.size(); ++i) {
        const double value = series.values()[i];
        if (std::isfinite(value) && (!logarithmic || value > 0))
            data.append(QCPGraphData(time[i], value));
    }
    graph->data()->set(data, true);
}

double TimePlot::eventTime(const RunHistory& history, const ChangeEvent& event) const {
    const double step = static_cast<double>(event.step);
    if (m_timeAxis == TimeAxis::Steps)
        return step;
    // Epoch at that step: interpolate the recorded (step, epoch) pairs.
    const std::vector<double>& steps = history.meanRank.steps();
    const std::vector<double>& epochs = history.meanRank.epochs();
    if (steps.empty())
        return 0;
    const auto upper = std::lower_bound(steps.begin(), steps.end(), step);
    if (upper == steps.end())
        return epochs.back();
    const std::size_t i = upper - steps.begin();
    if (i == 0 || steps[i] == step)
        return epochs[i];
    const double t = (step - steps[i - 1]) / (steps[i] - steps[i - 1]);
    return epochs[i - 1] + t * (epochs[i] - epochs[i - 1]);
}

void TimePlot::styleMarkerLabel(QCPItemText* label) const {
    QColor backdrop = theme().background;
    backdrop.setAlpha(200);
    label->setBrush(backdrop);
    label->setFont(theme().legendFont);
    label->setColor(theme().foreground);
}

void TimePlot::updateMarkers(const RunViews& runs) {
    struct Marker {
        double x;
        QString text;
    };
    std::vector<Marker> markers;
    for (const RunView& run : runs) {
        const std::vector<ChangeEvent>& events = run.history->events;
        const std::size_t first = events.size() > kMaxMarkers ? events.size() - kMaxMarkers : 0;
        for (std::size_t i = first; i < events.size(); ++i) {
            const QString text = markerLabel(events[i]);
            markers.push_back(
                {eventTime(*run.history, events[i]), runs.size() > 1 ? run.label + ": " + text : text});
        }
    }
    const std::size_t wanted = markers.size();
    while (static_cast<std::size_t>(m_markerLines.size()) > wanted) {
        removeItem(m_markerLines.takeLast());
        removeItem(m_markerLabels.takeLast());
    }
    while (static_cast<std::size_t>(m_markerLines.size()) < wanted) {
        auto* line = new QCPItemStraightLine(this);
        line->setPen(QPen(theme().marker, theme().markerWidth, Qt::DashLine));
        line->setSelectable(false);
        auto* label = new QCPItemText(this);
        label->setLayer("legend"); // above the curves
        label->setPadding(QMargins(2, 1, 2, 1));
        styleMarkerLabel(label);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setRotation(-90);
        label->setClipToAxisRect(true);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_markerLines.append(line);
        m_markerLabels.append(label);
    }
    for (std::size_t i = 0; i < wanted; ++i) {
        m_markerLines[i]->point1->setCoords(markers[i].x, 0);
        m_markerLines[i]->point2->setCoords(markers[i].x, 1);
        m_markerLabels[i]->position->setCoords(markers[i].x, 0.98);
        m_markerLabels[i]->setText(markers[i].text);
    }
}

void TimePlot::finishTimeUpdate(const RunHistory& history, const Snapshot& latest) {
    finishTimeUpdate(singleRunView(history, latest));
}

void TimePlot::finishTimeUpdate(const RunViews& runs) {
    double now = 0;
    for (const RunView& run : runs)
        now = std::max(now, m_timeAxis == TimeAxis::Steps ? static_cast<double>(run.latest->step)
                                                          : run.latest->epoch);
    xAxis->setRange(0, std::max(now, m_timeAxis == TimeAxis::Steps ? 10.0 : 0.01));
    updateMarkers(runs);
    replot(rpQueuedReplot);
}

} // namespace rankscope
