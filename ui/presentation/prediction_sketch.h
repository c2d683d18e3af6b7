// PredictionSketch: "predict, then reveal". Before pressing Space the lecturer (or a student) drags
// the mouse over a plot — the rank plot — to draw the curve they expect; the sketch stays, thick,
// dotted and in its own colour, while the real curves arrive, until the run is reset.
//
// A sketch is one stroke: a new drag replaces it. It is kept in the plot's coordinates on the value
// axis (a predicted rank of 40 stays at 40) and as a share of the visible time on the key axis, so
// it keeps its shape while the time axis grows with the run (a prediction says "it falls to half
// early on", not "at step 3,000", which nobody can guess before the first step).
// Drawing is possible only while enabled (the window enables it while the runs are paused); the
// sketch never changes the plot's ranges.
#pragma once

#include <QObject>
#include <QPointF>
#include <QVector>

class QCPCurve;
class QCPItemText;
class QCustomPlot;
class QMouseEvent;

namespace rankscope {

class PredictionSketch : public QObject {
    Q_OBJECT
public:
    explicit PredictionSketch(QCustomPlot* plot);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    void clear();
    bool isEmpty() const { return m_points.isEmpty(); }
    // The sketch: x as a share of the visible key range (0..1), y in value-axis units.
    const QVector<QPointF>& points() const { return m_points; }
    // The curve that draws it (exposed for tests and styling).
    QCPCurve* curve() const { return m_curve; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void addPoint(const QMouseEvent* event);
    void updateCurve();
    void restyle();

    QCustomPlot* m_plot;
    QCPCurve* m_curve;
    QCPItemText* m_label; // "prediction", at the sketch's end
    QVector<QPointF> m_points;
    QVector<QPointF> m_stroke; // the drag in progress; replaces m_points once it is a line
    bool m_enabled = false;
    bool m_drawing = false;
};

} // namespace rankscope
