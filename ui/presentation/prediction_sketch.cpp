#include "presentation/prediction_sketch.h"

#include "live_plot.h"

#include <QMouseEvent>
#include <qcustomplot.h>

namespace rankscope {
namespace {

// Violet, dotted and thick: apart from the layers' solid Okabe-Ito lines, the black mean and the red
// dashed theory curves.
const QColor kSketchColor(120, 60, 200);
constexpr double kSketchWidthFactor = 1.3; // of the theme's line width
constexpr int kMinStrokePixels = 12;       // shorter drags are clicks (or a double-click's first half)

} // namespace

PredictionSketch::PredictionSketch(QCustomPlot* plot)
    : QObject(plot)
    , m_plot(plot)
    , m_curve(new QCPCurve(plot->xAxis, plot->yAxis))
    , m_label(new QCPItemText(plot)) {
    m_curve->setName("prediction");
    m_curve->removeFromLegend();
    m_curve->setSelectable(QCP::stNone);
    m_label->setText("prediction");
    m_label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_label->setClipToAxisRect(true);
    m_label->setVisible(false);
    plot->installEventFilter(this);
    connect(plot, &QCustomPlot::beforeReplot, this, &PredictionSketch::updateCurve);
    restyle();
}

void PredictionSketch::setEnabled(bool enabled) {
    m_enabled = enabled;
    m_drawing = m_drawing && enabled;
    m_plot->setCursor(enabled ? Qt::CrossCursor : Qt::ArrowCursor);
}

void PredictionSketch::clear() {
    m_points.clear();
    m_stroke.clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool PredictionSketch::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    const bool isMouse =
        type == QEvent::MouseButtonPress || type == QEvent::MouseMove || type == QEvent::MouseButtonRelease;
    if (watched != m_plot || !m_enabled || !isMouse)
        return QObject::eventFilter(watched, event);
    const auto* mouse = static_cast<QMouseEvent*>(event);
    switch (type) {
    case QEvent::MouseButtonPress:
        if (mouse->button() == Qt::LeftButton && m_plot->axisRect()->rect().contains(mouse->pos())) {
            m_drawing = true;
            m_stroke.clear();
            addPoint(mouse);
        }
        break;
    case QEvent::MouseMove:
        if (m_drawing)
            addPoint(mouse);
        break;
    case QEvent::MouseButtonRelease:
        m_drawing = false;
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void PredictionSketch::addPoint(const QMouseEvent* event) {
    const QCPRange keys = m_plot->xAxis->range();
    const QPointF pixel = event->position();
    const double key = m_plot->xAxis->pixelToCoord(pixel.x());
    const double share = std::clamp((key - keys.lower) / keys.size(), 0.0, 1.0);
    // Only left to right: a curve over time has one value per moment.
    if (!m_stroke.isEmpty() && share <= m_stroke.back().x())
        return;
    m_stroke.append({share, m_plot->yAxis->pixelToCoord(pixel.y())});
    const double strokePixels = (m_stroke.back().x() - m_stroke.front().x()) * m_plot->axisRect()->width();
    if (m_stroke.size() < 2 || strokePixels < kMinStrokePixels)
        return;
    m_points = m_stroke;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PredictionSketch::updateCurve() {
    const QCPRange keys = m_plot->xAxis->range();
    QVector<double> x, y;
    for (const QPointF& point : std::as_const(m_points)) {
        x.append(keys.lower + point.x() * keys.size());
        y.append(point.y());
    }
    m_curve->setData(x, y);
    m_label->setVisible(!m_points.isEmpty());
    if (!m_points.isEmpty())
        m_label->position->setCoords(x.back(), y.back());
    restyle();
}

void PredictionSketch::restyle() {
    const auto* live = qobject_cast<LivePlot*>(m_plot);
    QPen pen = live ? live->themePen(kSketchColor, kSketchWidthFactor, Qt::DotLine)
                    : QPen(kSketchColor, 3, Qt::DotLine);
    m_curve->setPen(pen);
    m_label->setColor(kSketchColor);
    m_label->setFont(live ? live->theme().legendFont : m_plot->font());
    QColor backdrop = live ? live->theme().background : QColor(Qt::white);
    backdrop.setAlpha(210); // readable over the curves it crosses
    m_label->setBrush(backdrop);
}

} // namespace rankscope
