// TimePlot: a LivePlot whose x axis is training time, in steps (named "SGD step" or "GD step" after
// what the runs shown take) or in epochs (switchable), linear or
// logarithmic (log time keeps the early fall visible after a long run; step 0 has no place on it), with a
// labelled vertical marker at every hyper-parameter change ("B 128→8", "lr 0.1→0.05"; in a comparison
// "GD (full batch): lr 0.1→0.05"). The labels sit in the margin above the data, staggered in rows
// (marker_labels.h), so they never cover a curve and are never cut at the plot's edges.
// Subclasses call setSeries() for each graph and finishTimeUpdate() once per frame.
#pragma once

#include "common/lecture_config.h"
#include "live_plot.h"

namespace rankscope {

class TimePlot : public LivePlot {
    Q_OBJECT
public:
    explicit TimePlot(const QString& title, QWidget* parent = nullptr);

    void setTimeAxis(TimeAxis axis);
    TimeAxis timeAxis() const { return m_timeAxis; }
    void setLogTime(bool on);
    bool logTime() const { return m_logTime; }
    void clearRun() override;
    void applyTheme(const Theme& theme) override;

    // The text of a change marker, e.g. "B 128→8" (exposed for tests and the status bar).
    static QString markerLabel(const ChangeEvent& event);

protected:
    // Copies a history into a graph against the current time axis; non-finite values (and, on a log
    // value axis, values <= 0) are left out so lines simply break there.
    void setSeries(QCPGraph* graph, const MetricHistory& series) const;
    // Rescales the time axis to the data (the furthest run) and redraws the change markers, each
    // prefixed by its run's label when several runs are shown; queues a replot.
    void finishTimeUpdate(const RunHistory& history, const Snapshot& latest);
    void finishTimeUpdate(const RunViews& runs);
    // Where the time axis ends for data up to time `now`: never shorter than a readable minimum.
    double timeAxisEnd(double now) const;

private:
    void updateMarkers(const RunViews& runs);
    void styleMarkerLabel(QCPItemText* label) const;
    double eventTime(const RunHistory& history, const ChangeEvent& event) const;

    TimeAxis m_timeAxis = TimeAxis::Steps;
    bool m_logTime = false;
    QString m_stepLabel = "SGD step"; // what a step is: an SGD step, a full-batch GD step, or either
    QList<QCPItemStraightLine*> m_markerLines;
    QList<QCPItemText*> m_markerLabels;
};

} // namespace rankscope
