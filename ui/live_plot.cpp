#include "live_plot.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr int kMaxLegendRows = 2;        // more rows would squeeze the data in a dashboard pane
constexpr double kNarrowLogRange = 1000; // upper / lower below this: 1-2-5 ticks, plain numbers
constexpr double kTextRoom = 0.9;        // fitted text gets this share of its space: hinting widens it

// Log ticks that stay informative when zoomed in: powers of ten over wide ranges (QCustomPlot's
// QCPAxisTickerLog), 1, 2, 5 per decade over narrow ones (and 3 too within about one decade),
// where the stock ticker falls back to linear steps and leaves the lower decades without a label.
class DecadeTicker : public QCPAxisTickerLog {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        m_narrow = range.lower > 0 && range.upper < kNarrowLogRange * range.lower;
        if (!m_narrow)
            return QCPAxisTickerLog::createTickVector(tickStep, range);
        const QList<double> mantissas =
            range.upper < 15 * range.lower ? QList<double>{1, 2, 3, 5} : QList<double>{1, 2, 5};
        QVector<double> ticks;
        const double firstDecade = std::pow(10.0, std::floor(std::log10(range.lower)));
        for (double decade = firstDecade; decade <= range.upper; decade *= 10)
            for (const double mantissa : mantissas)
                if (const double tick = mantissa * decade; tick >= range.lower && tick <= range.upper)
                    ticks.append(tick);
        return ticks;
    }
    int getSubTickCount(double tickStep) override {
        return m_narrow ? 0 : QCPAxisTickerLog::getSubTickCount(tickStep);
    }

private:
    bool m_narrow = false;
};

// The width of the longest line of `text`.
double textWidth(const QFont& font, const QString& text) {
    const QFontMetricsF metrics(font);
    double widest = 0;
    for (const QString& line : text.split('\n'))
        widest = std::max(widest, metrics.horizontalAdvance(line));
    return widest;
}

// The most legend columns whose widest items (item k sits in column k % columns) fit `usable` pixels.
int legendColumns(const QList<int>& widths, int usable, int spacing) {
    int columns = std::max<int>(widths.size(), 1);
    for (; columns > 1; --columns) {
        int total = (columns - 1) * spacing;
        for (int c = 0; c < columns; ++c) {
            int widest = 0;
            for (int k = c; k < widths.size(); k += columns)
                widest = std::max(widest, widths[k]);
            total += widest;
        }
        if (total <= usable)
            break;
    }
    return columns;
}

} // namespace

LivePlot::LivePlot(const QString& title, QWidget* parent)
    : QCustomPlot(parent)
    , m_title(title)
    , m_theme(Theme::light()) {
    plotLayout()->insertRow(0);
    m_titleElement = new QCPTextElement(this, title);
    plotLayout()->addElement(0, 0, m_titleElement);
    setNoAntialiasingOnDrag(true);
    // Live replots at display rate: fast polylines and no antialiasing, which multiplies the raster
    // engine's cost per frame (rankscope-gui-bench shows it). Exported figures are antialiased
    // (figure_export.cpp).
    setPlottingHint(QCP::phFastPolylines, true);
    setNotAntialiasedElements(QCP::aeAll);
    setMinimumSize(260, 200);
    connect(this, &QCustomPlot::beforeReplot, this, &LivePlot::fitTexts);
}

void LivePlot::setTitle(const QString& title) {
    if (title == m_title)
        return;
    m_title = title;
    if (m_titleElement)
        m_titleElement->setText(title);
    replot(rpQueuedReplot);
}

void LivePlot::showRuns(const RunViews& runs) {
    if (runs.isEmpty())
        return;
    if (const bool comparing = runs.size() > 1; comparing != m_comparing) {
        m_comparing = comparing;
        setComparing(comparing);
    }
    if (m_comparing) {
        m_layerKey.clear();
        showComparison(runs);
    } else {
        showRun(*runs.front().history, *runs.front().latest);
        m_layerKey = layerKeyFor(*runs.front().latest);
    }
}

void LivePlot::showComparison(const RunViews& runs) {
    showRun(*runs.front().history, *runs.front().latest);
}

void LivePlot::setGraphsShown(const QList<QCPGraph*>& graphs, bool shown) {
    for (QCPGraph* graph : graphs) {
        graph->setVisible(shown);
        if (shown)
            graph->addToLegend();
        else
            graph->removeFromLegend();
    }
    updateLegendLayout();
}

void LivePlot::clearRun() {
    m_layerKey.clear();
    for (int i = 0; i < graphCount(); ++i)
        graph(i)->data()->clear();
    replot(rpQueuedReplot);
}

void LivePlot::styleAxis(QCPAxis* axis) const {
    axis->setBasePen(QPen(m_theme.foreground, 1));
    axis->setTickPen(QPen(m_theme.foreground, 1));
    axis->setSubTickPen(QPen(m_theme.foreground, 1));
    axis->setTickLabelColor(m_theme.foreground);
    axis->setLabelColor(m_theme.foreground);
    axis->setTickLabelFont(m_theme.tickFont);
    axis->setLabelFont(m_theme.labelFont);
    // Solid hairlines in pale colours: dotted pens cost the raster engine far more per frame.
    axis->grid()->setPen(QPen(m_theme.grid, 0));
    axis->grid()->setSubGridPen(QPen(m_theme.subGrid, 0));
}

void LivePlot::applyTheme(const Theme& theme) {
    m_theme = theme;
    setBackground(theme.background);
    for (QCPAxisRect* rect : axisRects())
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis);
    if (m_titleElement) {
        m_titleElement->setFont(theme.titleFont);
        m_titleElement->setTextColor(theme.foreground);
    }
    legend->setFont(theme.legendFont);
    legend->setTextColor(theme.foreground);
    legend->setBrush(m_legendAbove ? QBrush(Qt::NoBrush) : QBrush(QColor(255, 255, 255, 210)));
    legend->setBorderPen(m_legendAbove ? QPen(Qt::NoPen) : QPen(theme.grid));
    m_legendKey.clear();
    updateLegendLayout();
    replot(rpQueuedReplot);
}

QPen LivePlot::themePen(const QColor& color, double widthFactor, Qt::PenStyle style) const {
    QPen pen(color, m_theme.lineWidth * widthFactor, style);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::BevelJoin);
    return pen;
}

QCPScatterStyle LivePlot::dotStyle(const QColor& color) const {
    return QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 4 + 2 * m_theme.lineWidth);
}

void LivePlot::makeLogarithmic(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new DecadeTicker));
    axis->setNumberFormat("eb");
    axis->setNumberPrecision(0);
}

void LivePlot::placeLegendAbove() {
    if (!m_legendAbove) {
        axisRect()->insetLayout()->take(legend);
        plotLayout()->insertRow(1);
        plotLayout()->addElement(1, 0, legend);
        plotLayout()->setRowStretchFactor(1, 0.001);
        // An explicit maximum width: an empty legend's size hint would otherwise narrow the column.
        legend->setMaximumSize(1 << 20, QWIDGETSIZE_MAX);
        legend->setMargins(QMargins(6, 2, 6, 2));
        legend->setBorderPen(Qt::NoPen);
        legend->setBrush(Qt::NoBrush);
        legend->setColumnSpacing(14);
        m_legendAbove = true;
    }
    legend->setVisible(true);
    updateLegendLayout();
}

void LivePlot::updateLegendLayout() {
    if (!m_legendAbove)
        return;
    QList<QCPAbstractLegendItem*> items;
    // The legend shares its column with the axis rect (a colour scale may take a column beside it).
    const int column =
        axisRect()->outerRect().width() > 0 ? axisRect()->outerRect().width() : viewport().width();
    QString key = QString::number(column);
    bool gaps = false; // removed items leave empty cells
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (QCPAbstractLegendItem* item = legend->item(i)) {
            gaps = gaps || items.size() < i;
            items.append(item);
            if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(item))
                key += '\n' + entry->plottable()->name();
        }
    }
    if (!gaps && key == m_legendKey)
        return;
    m_legendKey = key;
    // The theme's legend font if the items fit in kMaxLegendRows rows and the widest fits the row, else
    // smaller, down to 70%.
    const int usable = column - legend->margins().left() - legend->margins().right() - 8;
    int columns = 1;
    for (const double scale : {1.0, 0.9, 0.8, 0.7}) {
        QFont font = m_theme.legendFont;
        font.setPointSizeF(font.pointSizeF() * scale);
        legend->setFont(font);
        QList<int> widths;
        for (const QCPAbstractLegendItem* item : items)
            widths.append(item->minimumOuterSizeHint().width());
        columns = legendColumns(widths, usable, legend->columnSpacing());
        const bool widestFits = widths.isEmpty() || *std::max_element(widths.begin(), widths.end()) <= usable;
        if (widestFits && (items.size() + columns - 1) / columns <= kMaxLegendRows)
            break;
    }
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst, true);
}

QFont LivePlot::fittedFont(QFont font, const QString& text, double width, double minScale) {
    const double room = kTextRoom * width;
    const double widest = textWidth(font, text);
    if (room > 40 && widest > room)
        font.setPointSizeF(font.pointSizeF() * std::max(room / widest, minScale));
    return font;
}

void LivePlot::setAxisLabel(QCPAxis* axis, const QString& full, const QString& compact) {
    m_axisLabels[axis] = {full, compact};
    axis->setLabel(full);
}

bool LivePlot::visibleValueRange(const QList<QCPGraph*>& graphs, QCPRange& range) {
    bool any = false;
    for (const QCPGraph* graph : graphs) {
        if (!graph->visible())
            continue;
        const bool logarithmic = graph->valueAxis()->scaleType() == QCPAxis::stLogarithmic;
        bool found = false;
        const QCPRange r = graph->getValueRange(found, logarithmic ? QCP::sdPositive : QCP::sdBoth,
                                                graph->keyAxis()->range());
        if (!found)
            continue;
        range = any ? QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper)) : r;
        any = true;
    }
    return any;
}

void LivePlot::setPaddedRange(QCPAxis* axis, QCPRange data, bool fromZero, double maxDecades) {
    if (axis->scaleType() == QCPAxis::stLogarithmic) {
        const double upper = data.upper * 1.6;
        const double lower = std::max(data.lower / 1.6, upper * std::pow(10.0, -maxDecades));
        axis->setRange(lower, upper);
        const bool narrow = upper < kNarrowLogRange * lower; // DecadeTicker's 1-2-5 ticks
        axis->setNumberFormat(narrow ? "gb" : "eb");
        axis->setNumberPrecision(narrow ? 3 : 0);
        return;
    }
    const double span = std::max(data.upper - data.lower, std::max(std::abs(data.upper), 1.0) * 1e-3);
    axis->setRange(fromZero ? 0.0 : data.lower - 0.06 * span, data.upper + 0.08 * span);
}

void LivePlot::fitValueAxis(QCPAxis* axis, bool fromZero, double maxDecades) {
    QCPRange data;
    if (visibleValueRange(axis->graphs(), data))
        setPaddedRange(axis, data, fromZero, maxDecades);
}

void LivePlot::fitTexts() {
    updateLegendLayout(); // the legend's column may have changed with the last layout
    QList<QCPAxis*> axes;
    for (QCPAxisRect* rect : axisRects())
        axes += rect->axes();
    for (QCPLayoutElement* element : plotLayout()->elements(true))
        if (auto* scale = qobject_cast<QCPColorScale*>(element))
            axes.append(scale->axis());
    for (QCPAxis* axis : axes) {
        const QRect rect = axis->axisRect()->rect();
        const int length = axis->orientation() == Qt::Vertical ? rect.height() : rect.width();
        QString label = axis->label();
        if (const auto known = m_axisLabels.constFind(axis); known != m_axisLabels.constEnd()) {
            QFont smallest = m_theme.labelFont;
            smallest.setPointSizeF(0.75 * smallest.pointSizeF());
            label = textWidth(smallest, known->full) <= kTextRoom * length ? known->full : known->compact;
            if (axis->label() != label)
                axis->setLabel(label);
        }
        const QFont font = fittedFont(m_theme.labelFont, label, length);
        if (axis->labelFont() != font)
            axis->setLabelFont(font);
        if (axis->orientation() == Qt::Horizontal)
            fitTickCount(axis, length);
    }
    fitRightMargin();
    const QFont title = fittedFont(m_theme.titleFont, m_title, viewport().width());
    if (m_titleElement && m_titleElement->font() != title)
        m_titleElement->setFont(title);
    emit textsFitted();
}

void LivePlot::fitRightMargin() {
    QCPAxisRect* rect = axisRect();
    if (!rect)
        return;
    // Flush with the plot's right edge: no right axis and nothing (a colour scale) beside it.
    const bool flush =
        !rect->axis(QCPAxis::atRight)->visible() && rect->outerRect().right() >= viewport().right();
    double widest = 0;
    for (const QString& label : rect->axis(QCPAxis::atBottom)->tickVectorLabels())
        widest = std::max(widest, textWidth(rect->axis(QCPAxis::atBottom)->tickLabelFont(), label));
    QMargins minimum = rect->minimumMargins();
    minimum.setRight(flush ? static_cast<int>(std::ceil(widest / 2)) + 2 : 0);
    if (minimum != rect->minimumMargins())
        rect->setMinimumMargins(minimum);
}

void LivePlot::fitTickCount(QCPAxis* axis, int length) const {
    // Room for a tick label twice as wide as the widest one ("700000", "0.00"), so they never touch.
    const double upper = std::max(std::abs(axis->range().upper), std::abs(axis->range().lower));
    const double label = std::max(textWidth(m_theme.tickFont, QString::number(upper, 'f', 0)),
                                  textWidth(m_theme.tickFont, "0.00"));
    const int ticks = std::clamp(static_cast<int>(length / (2 * label)), 2, 6);
    if (axis->ticker()->tickCount() != ticks)
        axis->ticker()->setTickCount(ticks);
}

void LivePlot::layoutFor(const QSize& size) {
    setViewport(size.isValid() ? QRect(QPoint(0, 0), size) : rect());
    updateLegendLayout();
    // Texts are fitted to the axis rects of the previous layout (as before each replot), so lay out,
    // fit, and lay out again with the fitted texts.
    updateLayout();
    fitTexts();
    updateLayout();
    if (!size.isValid())
        replot(rpQueuedReplot);
}

void LivePlot::resizeEvent(QResizeEvent* event) {
    QCustomPlot::resizeEvent(event);
    updateLegendLayout();
}

} // namespace rankscope
