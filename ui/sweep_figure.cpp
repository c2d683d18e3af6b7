// The sweep figure's two panels (after Galanti et al., arXiv 2206.05794, Figure 9) and their export.
#include "sweep_figure.h"

#include "figure_export.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr int kMaxTextTicks = 12; // more swept values than this get ordinary ticks instead of one per value

const QSize kPanelSize(760, 560);

// The value range of everything drawn against `axis`, the error bars' whiskers included.
bool valueRangeWithErrorBars(QCPAxis* axis, QCPRange& range) {
    bool found = false;
    for (QCPAbstractPlottable* plottable : axis->plottables()) {
        bool ok = false;
        const QCPRange part = plottable->getValueRange(ok);
        if (!ok)
            continue;
        range = found ? QCPRange(std::min(range.lower, part.lower), std::max(range.upper, part.upper)) : part;
        found = true;
    }
    return found;
}

QString panelTitle(SweepPlot::Panel panel, const SweepFigureData& data) {
    return panel == SweepPlot::Panel::Rank ? QString("Final rank_ε vs %1").arg(data.xKey)
                                           : QString("Final accuracy vs %1").arg(data.xKey);
}

bool isNumber(const QString& text) {
    bool ok = false;
    text.toDouble(&ok);
    return ok;
}

} // namespace

SweepPlot::SweepPlot(Panel panel, const SweepFigureData& data, QWidget* parent)
    : LivePlot(panelTitle(panel, data), parent)
    , m_data(data) {
    resize(kPanelSize); // the legend wraps to this width
    for (const SweepFigureRun& run : m_data.runs) {
        if (!m_xValues.contains(run.x))
            m_xValues << run.x;
        if (!m_seriesNames.contains(run.series))
            m_seriesNames << run.series;
    }
    m_numeric = !m_xValues.isEmpty() && std::all_of(m_xValues.begin(), m_xValues.end(), isNumber);
    plotLayout()->setMargins(QMargins(12, 6, 28, 6)); // a gap between the two panels
    applyTheme(Theme::light());
    setUpXAxis();
    const bool oneSeries = m_seriesNames.size() <= 1;
    if (panel == Panel::Rank) {
        std::size_t layers = 0;
        for (const SweepFigureRun& run : m_data.runs)
            layers = std::max(layers, run.hiddenRanks.size());
        for (std::size_t l = 0; oneSeries && l < layers; ++l)
            addSeries({QString("L%1").arg(l + 1), theme().layerColor(int(l)), 1.0, Qt::SolidLine,
                       aggregate(m_seriesNames.value(0), [l](const SweepFigureRun& run) {
                           return l < run.hiddenRanks.size() ? run.hiddenRanks[l] : NAN;
                       })});
        for (qsizetype s = 0; s < m_seriesNames.size(); ++s)
            addSeries({oneSeries ? "mean of the hidden layers" : m_seriesNames[s],
                       oneSeries ? theme().accent : theme().layerColor(int(s)), 1.6, Qt::SolidLine,
                       aggregate(m_seriesNames[s], [](const SweepFigureRun& run) { return run.meanRank; })});
        yAxis->setLabel(oneSeries ? "final rank_ε per hidden layer"
                                  : "final mean rank_ε of the hidden layers");
        QCPRange range;
        if (valueRangeWithErrorBars(yAxis, range))
            yAxis->setRange(0, range.upper * 1.08 + 1);
    } else {
        for (qsizetype s = 0; s < m_seriesNames.size(); ++s) {
            const QColor color = oneSeries ? theme().accent : theme().layerColor(int(s));
            addSeries(
                {oneSeries ? "test" : m_seriesNames[s], color, 1.3, Qt::SolidLine,
                 aggregate(m_seriesNames[s], [](const SweepFigureRun& run) { return 100 * run.testAcc; })});
            addSeries(
                {"train", color, 1.0, Qt::DashLine,
                 aggregate(m_seriesNames[s], [](const SweepFigureRun& run) { return 100 * run.trainAcc; }),
                 oneSeries});
        }
        yAxis->setLabel(oneSeries ? "final accuracy (%)" : "final accuracy (%): test solid, train dashed");
        QCPRange range;
        if (valueRangeWithErrorBars(yAxis, range))
            yAxis->setRange(std::max(0.0, range.lower - 0.1 * range.size() - 2),
                            std::min(100.0, range.upper + 0.1 * range.size() + 2));
    }
    markDivergedValues();
    placeLegendAbove();
    // Each entry only as wide as its text, so the row reads left to right instead of spreading
    // over the panel (where a short row's last entry would sit next to the other panel's).
    for (int i = 0; i < legend->itemCount(); ++i)
        if (QCPAbstractLegendItem* item = legend->item(i))
            item->setMaximumSize(item->minimumOuterSizeHint());
}

double SweepPlot::xPosition(const QString& value) const {
    return m_numeric ? value.toDouble() : double(m_xValues.indexOf(value));
}

void SweepPlot::setUpXAxis() {
    QList<double> positions;
    for (const QString& value : m_xValues)
        positions << xPosition(value);
    const auto [low, high] = std::minmax_element(positions.begin(), positions.end());
    const bool logarithmic = m_numeric && !positions.isEmpty() && *low > 0 && *high > 10 * *low;
    if (logarithmic) {
        makeLogarithmic(xAxis);
        const double pad = std::pow(*high / *low, 0.06);
        xAxis->setRange(*low / pad, *high * pad);
    } else if (m_numeric && !positions.isEmpty()) {
        const double pad = *high > *low ? 0.06 * (*high - *low) : std::max(std::abs(*low) * 0.1, 1.0);
        xAxis->setRange(*low - pad, *high + pad);
    } else {
        xAxis->setRange(-0.5, m_xValues.size() - 0.5);
    }
    if (!m_numeric || m_xValues.size() <= kMaxTextTicks) {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (const QString& value : m_xValues)
            ticker->addTick(xPosition(value), value);
        ticker->setSubTickCount(0);
        xAxis->setTicker(ticker);
    }
    xAxis->setLabel(m_data.xKey + (logarithmic ? " (log scale)" : "") + "  ·  " + m_data.note);
}

QList<SweepPlot::Point> SweepPlot::aggregate(const QString& series, Measure measure) const {
    QList<Point> points;
    for (const QString& x : m_xValues) {
        std::vector<double> values;
        for (const SweepFigureRun& run : m_data.runs)
            if (run.series == series && run.x == x && !run.diverged && std::isfinite(measure(run)))
                values.push_back(measure(run));
        if (values.empty())
            continue;
        double sum = 0, squares = 0;
        for (const double v : values)
            sum += v;
        const double mean = sum / values.size();
        for (const double v : values)
            squares += (v - mean) * (v - mean);
        points.append(
            {xPosition(x), mean, values.size() > 1 ? std::sqrt(squares / (values.size() - 1)) : 0.0});
    }
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    return points;
}

void SweepPlot::addSeries(const Series& series) {
    QCPGraph* graph = addGraph();
    graph->setName(series.name);
    graph->setPen(themePen(series.color, series.widthFactor, series.style));
    graph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, series.color, series.color, 4 + 2 * series.widthFactor));
    QVector<double> x, y, spread;
    for (const Point& point : series.points) {
        x << point.x;
        y << point.mean;
        spread << point.spread;
    }
    graph->setData(x, y, true);
    if (!series.inLegend)
        graph->removeFromLegend();
    if (std::none_of(spread.begin(), spread.end(), [](double s) { return s > 0; }))
        return;
    auto* bars = new QCPErrorBars(xAxis, yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(graph);
    bars->setData(spread);
    bars->setPen(QPen(series.color, theme().lineWidth));
    bars->setWhiskerWidth(8);
}

void SweepPlot::markDivergedValues() {
    for (const QString& x : m_xValues) {
        const bool allDiverged =
            std::all_of(m_data.runs.begin(), m_data.runs.end(),
                        [&](const SweepFigureRun& run) { return run.x != x || run.diverged; });
        if (!allDiverged)
            continue;
        auto* note = new QCPItemText(this);
        note->position->setTypeX(QCPItemPosition::ptPlotCoords);
        note->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        note->position->setCoords(xPosition(x), 0.5);
        note->setRotation(-90);
        note->setText("diverged");
        note->setFont(theme().labelFont);
        note->setColor(theme().theory);
    }
}

Status exportSweepFigure(const SweepFigureData& data, const QStringList& paths) {
    SweepPlot rank(SweepPlot::Panel::Rank, data);
    SweepPlot accuracy(SweepPlot::Panel::Accuracy, data);
    const FigureLayout layout{QSize(2 * kPanelSize.width(), kPanelSize.height()), 2.0, 2};
    for (const QString& path : paths)
        if (Status s = exportFigure({&rank, &accuracy}, layout, path); !s)
            return s;
    return success();
}

} // namespace rankscope
