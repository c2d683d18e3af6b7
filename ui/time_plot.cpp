#include "time_plot.h"

#include "common/train_settings.h"
#include "marker_labels.h"

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
        setAxisLabel(xAxis, m_stepLabel, "step");
    else
        setAxisLabel(xAxis, "epoch (passes over the training set)", "epoch");
}

void TimePlot::setLogTime(bool on) {
    m_logTime = on;
    if (on) {
        makeLogarithmic(xAxis);
        xAxis->setNumberFormat("gb"); // 1, 10, 100, ..., then 10⁶: step counts read as numbers
    } else {
        xAxis->setScaleType(QCPAxis::stLinear);
        xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        xAxis->setNumberFormat("gb");
        xAxis->setNumberPrecision(6);
    }
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
        if (std::isfinite(value) && (!logarithmic || value > 0) && (!m_logTime || time[i] > 0))
            data.append(QCPGraphData(time[i], value));
    }
    graph->data()->set(data, true);
    // A line needs two points: a lone one (a single checkpoint, a run's first frame) is drawn as a dot.
    if (graph->lineStyle() != QCPGraph::lsNone)
        graph->setScatterStyle(data.size() == 1
                                   ? QCPScatterStyle(QCPScatterStyle::ssDisc, 4 + 2 * theme().lineWidth)
                                   : QCPScatterStyle());
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
    label->setBrush(Qt::NoBrush); // in the margin above the data: nothing to cover
    label->setFont(theme().legendFont);
    label->setColor(theme().foreground);
}

void TimePlot::updateMarkers(const RunViews& runs) {
    std::vector<MarkerLabel> markers;
    for (const RunView& run : runs) {
        const std::vector<ChangeEvent>& events = run.history->events;
        const std::size_t first = events.size() > kMaxMarkers ? events.size() - kMaxMarkers : 0;
        for (std::size_t i = first; i < events.size(); ++i) {
            const QString text = markerLabel(events[i]);
            markers.push_back({.x = eventTime(*run.history, events[i]),
                               .text = runs.size() > 1 ? run.label + ": " + text : text});
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
        label->setLayer("legend");
        styleMarkerLabel(label);
        label->setClipToAxisRect(false);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_markerLines.append(line);
        m_markerLabels.append(label);
    }
    const QFontMetrics metrics(theme().legendFont);
    const QRect rect = axisRect()->rect();
    const int rows = stackMarkerLabels(
        markers, metrics, [this](double x) { return xAxis->coordToPixel(x); }, rect.left(), width());
    for (std::size_t i = 0; i < wanted; ++i) {
        const MarkerLabel& marker = markers[i];
        m_markerLines[i]->point1->setCoords(marker.x, 0);
        m_markerLines[i]->point2->setCoords(marker.x, 1);
        QCPItemText* label = m_markerLabels[i];
        label->setVisible(marker.row >= 0);
        label->position->setCoords(marker.x, 0); // the top edge of the data
        label->setText(marker.text);
        label->setPositionAlignment((marker.leftOfLine ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
        label->setPadding(QMargins(3, 0, 3, 2 + std::max(marker.row, 0) * metrics.height()));
    }
    QMargins minimum = axisRect()->minimumMargins(); // the right one is fitRightMargin()'s
    minimum.setTop(rows * metrics.height() + 4);
    axisRect()->setMinimumMargins(minimum);
}

void TimePlot::finishTimeUpdate(const RunHistory& history, const Snapshot& latest) {
    finishTimeUpdate(singleRunView(history, latest));
}

double TimePlot::timeAxisEnd(double now) const {
    return std::max(now, m_timeAxis == TimeAxis::Steps ? 10.0 : 0.01);
}

void TimePlot::finishTimeUpdate(const RunViews& runs) {
    double now = 0;
    double first = HUGE_VAL; // the earliest time after 0: where a log time axis starts
    for (const RunView& run : runs) {
        now = std::max(now, m_timeAxis == TimeAxis::Steps ? static_cast<double>(run.latest->step)
                                                          : run.latest->epoch);
        const std::vector<double>& times =
            m_timeAxis == TimeAxis::Steps ? run.history->meanRank.steps() : run.history->meanRank.epochs();
        if (const auto positive = std::upper_bound(times.begin(), times.end(), 0.0); positive != times.end())
            first = std::min(first, *positive);
    }
    const auto fullBatch = [](const RunView& run) { return run.latest->train.full_batch; };
    const QString stepLabel = std::all_of(runs.begin(), runs.end(), fullBatch)    ? "GD step (full batch)"
                              : std::none_of(runs.begin(), runs.end(), fullBatch) ? "SGD step"
                                                                                  : "step (SGD or GD)";
    if (stepLabel != m_stepLabel) {
        m_stepLabel = stepLabel;
        setTimeAxis(m_timeAxis);
    }
    const double upper = timeAxisEnd(now);
    if (m_logTime)
        xAxis->setRange(std::min(first, upper / 10), upper);
    else
        xAxis->setRange(0, upper);
    updateMarkers(runs);
    replot(rpQueuedReplot);
}

} // namespace rankscope
