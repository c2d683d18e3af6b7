#include "plots/spectrum_heatmap_plot.h"

#include "plots/rank_convention.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr int kMaxColumns = 400;
constexpr double kDecadesBelowEps = 4; // the colour scale spans log10(eps) - 4 .. 0

// Viridis (matplotlib's default map): perceptually uniform, colour-blind safe, survives projectors.
QCPColorGradient viridis() {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    const QList<QColor> stops = {QColor(68, 1, 84),    QColor(72, 40, 120),  QColor(62, 74, 137),
                                 QColor(49, 104, 142), QColor(38, 130, 142), QColor(31, 158, 137),
                                 QColor(53, 183, 121), QColor(110, 206, 88), QColor(181, 222, 43),
                                 QColor(253, 231, 37)};
    for (int i = 0; i < stops.size(); ++i)
        gradient.setColorStopAt(static_cast<double>(i) / (stops.size() - 1), stops[i]);
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor(190, 190, 190));
    return gradient;
}

} // namespace

SpectrumHeatmapPlot::SpectrumHeatmapPlot(QWidget* parent)
    : TimePlot("Spectrum of one layer over time", parent) {
    m_map = new QCPColorMap(xAxis, yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_map->removeFromLegend();
    m_rankHalo = addGraph();
    m_rankHalo->removeFromLegend();
    m_rank = addGraph();
    placeLegendAbove();
    // The colour scale sits beside the axis rect in a row of its own, so that the title and the
    // legend above keep the plot's whole width (a second column of the plot's layout would narrow
    // them to the axis rect's column).
    m_scale = new QCPColorScale(this);
    auto* mapRow = new QCPLayoutGrid;
    QCPAxisRect* rect = axisRect();
    const int last = plotLayout()->rowCount() - 1;
    plotLayout()->take(rect);
    plotLayout()->addElement(last, 0, mapRow);
    mapRow->addElement(0, 0, rect);
    mapRow->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setRangeDrag(false);
    m_scale->setRangeZoom(false);
    m_map->setColorScale(m_scale); // the map takes the scale's gradient and range from now on
    m_scale->setGradient(viridis());
    auto* margins = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    applyTheme(theme());
    updateLabels();
}

void SpectrumHeatmapPlot::setLayer(int layer) {
    m_layer = std::max(0, layer);
    m_filledLayer = -1;
}

void SpectrumHeatmapPlot::setRankConvention(double eps, RankNorm norm) {
    m_eps = eps;
    m_norm = norm;
    m_filledLayer = -1;
    updateLabels();
}

void SpectrumHeatmapPlot::updateLabels() {
    const QString ref = rankReference(m_norm);
    const double lowest = std::log10(m_eps) - kDecadesBelowEps;
    m_scale->setDataRange(QCPRange(lowest, 0));
    setAxisLabel(m_scale->axis(),
                 QString("log₁₀(sᵢ / %1),  ε at %2").arg(ref).arg(std::log10(m_eps), 0, 'g', 3),
                 QString("log₁₀(sᵢ / %1)").arg(ref));
    m_rank->setName(QString("white line: rank_ε = #{sᵢ/%1 > ε}, where the colour crosses log₁₀ ε").arg(ref));
    setToolTip(QString("<p>One layer's singular values over time: column = a moment of training, row i = "
                       "sᵢ (i = 1 the largest), colour = log₁₀(sᵢ / %1). Every column is normalised, so "
                       "the colour at log₁₀ ε = %2 is the rank_ε threshold and the white line, rank_ε, "
                       "follows it. Values below %3 decades share the darkest colour.</p>"
                       "<p>The history is decimated; each of up to %4 columns shows the newest spectrum at "
                       "or before its time. Grey columns: the layer has collapsed (s₁ below 10⁻⁶ of its "
                       "start); their ratios are round-off.</p>")
                   .arg(ref)
                   .arg(std::log10(m_eps), 0, 'g', 3)
                   .arg(-lowest, 0, 'g', 3)
                   .arg(kMaxColumns));
}

void SpectrumHeatmapPlot::fillMap(const RunHistory& history, int layer) {
    const SpectrumHistory& spectra = history.layers[layer].spectra;
    QCPColorMapData* map = m_map->data();
    if (spectra.isEmpty()) {
        map->clear();
        return;
    }
    const std::vector<double>& time = timeAxis() == TimeAxis::Steps ? spectra.steps() : spectra.epochs();
    const std::vector<Eigen::VectorXd>& values = spectra.values();
    const int rows = std::max<int>(1, static_cast<int>(values.back().size()));
    const int columns = std::clamp(spectra.size(), 2, kMaxColumns);
    // One spectrum (a single checkpoint) fills the time axis: a column without width would not show.
    const bool single = spectra.size() == 1;
    const double first = single ? 0 : time.front();
    const double last = single ? timeAxisEnd(time.back()) : std::max(time.back(), first + 1e-9);
    map->setSize(columns, rows);
    map->setRange(QCPRange(first, last), QCPRange(1, rows));
    const Eigen::VectorXd& initial = history.initialSpectra[layer];
    const double initialTop = initial.size() > 0 ? initial(0) : 0;
    const double nan = std::nan("");
    const double lowest = m_map->dataRange().lower;
    for (int c = 0; c < columns; ++c) {
        // The newest spectrum at or before the column's time (the last column is the present).
        const double t = c == columns - 1 ? last : first + (last - first) * c / (columns - 1);
        const auto after = std::upper_bound(time.begin(), time.end(), t);
        const std::size_t j = std::max<std::ptrdiff_t>(after - time.begin() - 1, 0);
        const Eigen::VectorXd& s = values[j];
        const double top = s.size() > 0 ? s(0) : 0;
        const double reference = m_norm == RankNorm::Spectral ? top : s.norm();
        const bool collapsed = !(top > kCollapseFraction * initialTop) || !(reference > 0);
        for (int i = 0; i < rows; ++i) {
            const double ratio = i < s.size() ? s(i) / reference : 0;
            map->setCell(c, i, collapsed ? nan : (ratio > 0 ? std::log10(ratio) : lowest));
        }
    }
}

void SpectrumHeatmapPlot::setRun(int run) {
    m_run = std::max(0, run);
    m_filledLayer = -1;
}

void SpectrumHeatmapPlot::showRun(const RunHistory& history, const Snapshot& latest) {
    if (history.layerCount() == 0)
        return;
    drawRun(history, latest, {});
    finishTimeUpdate(history, latest);
}

void SpectrumHeatmapPlot::setComparing(bool) {
    m_filledLayer = -1;
}

void SpectrumHeatmapPlot::showComparison(const RunViews& runs) {
    const RunView& shown = runs[std::min<int>(m_run, runs.size() - 1)];
    if (shown.history->layerCount() == 0)
        return;
    drawRun(*shown.history, *shown.latest, shown.label);
    finishTimeUpdate(runs);
}

void SpectrumHeatmapPlot::drawRun(const RunHistory& history, const Snapshot& latest,
                                  const QString& runLabel) {
    const int layer = std::min(m_layer, history.layerCount() - 1);
    if (layer != m_filledLayer || &history != m_filledHistory || history.lastStep() != m_filledStep ||
        timeAxis() != m_filledAxis) {
        fillMap(history, layer);
        m_filledLayer = layer;
        m_filledHistory = &history;
        m_filledStep = history.lastStep();
        m_filledAxis = timeAxis();
    }
    setSeries(m_rankHalo, history.layers[layer].rank);
    setSeries(m_rank, history.layers[layer].rank);
    const int rows = m_map->data()->valueSize();
    const QString prefix = runLabel.isEmpty() ? QString() : runLabel + " · ";
    if (const QString name = prefix + layerName(latest, layer); name != m_layerName) {
        m_layerName = name;
        setAxisLabel(yAxis, QString("%1: index i of sᵢ").arg(name),
                     QString("%1L%2: index i").arg(prefix).arg(layer + 1));
    }
    yAxis->setRange(0, std::max(rows, 1) + 0.5);
}

void SpectrumHeatmapPlot::clearRun() {
    m_map->data()->clear();
    m_filledStep = -1;
    TimePlot::clearRun();
}

void SpectrumHeatmapPlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    styleAxis(m_scale->axis());
    m_scale->axis()->grid()->setVisible(false);
    m_rankHalo->setPen(themePen(QColor(20, 20, 20), 2.2));
    m_rank->setPen(themePen(Qt::white, 1.0));
    replot(rpQueuedReplot);
}

} // namespace rankscope
