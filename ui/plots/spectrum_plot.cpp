#include "plots/spectrum_plot.h"

#include "plots/rank_convention.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr int kGhostAlpha = 95;
const char* const kTitle = "Singular values of each layer";
const char* const kOperatorTitle = "Singular values of a conv layer's operator";

QString epsText(double eps) {
    return QString::number(eps, 'g', 3);
}

} // namespace

SpectrumPlot::SpectrumPlot(QWidget* parent)
    : LivePlot(kTitle, parent)
    , m_runSpectra(this, yAxis, {}) {
    makeLogarithmic(yAxis);
    xAxis->setRange(0, 10);
    m_ghostKey = addGraph();
    m_ghostKey->setName("faint: at step 0");
    m_thresholdKey = addGraph();
    m_operator = {nullptr, addGraph(), addGraph()}; // its ghost and threshold under its spectrum
    m_operator.current = addGraph();
    for (QCPGraph* graph : {m_operator.current, m_operator.ghost, m_operator.threshold})
        graph->removeFromLegend();
    m_epsLine = new QCPItemStraightLine(this);
    m_epsLabel = new QCPItemText(this);
    m_epsLabel->setClipToAxisRect(true);
    m_epsLabel->setLayer("legend"); // above the curves
    m_epsLabel->setPadding(QMargins(3, 1, 3, 1));
    m_epsLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_epsLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_epsLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    placeLegendAbove();
    applyTheme(theme());
    setNormalized(true);
}

void SpectrumPlot::setNormalized(bool normalized) {
    m_normalized = normalized;
    m_epsLine->setVisible(normalized);
    m_epsLabel->setVisible(normalized);
    updateVisibility();
    updateLabels();
    replot(rpQueuedReplot);
}

void SpectrumPlot::updateVisibility() {
    const bool comparing = isComparing();
    const auto show = [this](const LayerGraphs& graphs, bool on) {
        graphs.current->setVisible(on);
        graphs.ghost->setVisible(on);
        graphs.threshold->setVisible(on && !m_normalized);
    };
    for (const LayerGraphs& layer : m_layers)
        show(layer, !comparing && !m_operatorView);
    show(m_operator, !comparing && m_operatorView);
    m_operator.current->removeFromLegend();
    if (!comparing && m_operatorView)
        m_operator.current->addToLegend();
    m_thresholdKey->removeFromLegend();
    if (!comparing && !m_normalized)
        m_thresholdKey->addToLegend();
    updateLegendLayout();
}

void SpectrumPlot::setRankConvention(double eps, RankNorm norm) {
    m_eps = eps;
    m_norm = norm;
    updateLabels();
    replot(rpQueuedReplot);
}

void SpectrumPlot::updateLabels() {
    const QString ref = rankReference(m_norm);
    if (!m_operatorView) // the operator view names its layer there (showOperator)
        setAxisLabel(xAxis, "index i  (s₁ ≥ s₂ ≥ … ≥ sₙ)", "index i");
    if (m_normalized)
        setAxisLabel(yAxis, QString("sᵢ / %1  (log)").arg(ref), QString("sᵢ / %1").arg(ref));
    else
        setAxisLabel(yAxis, "sᵢ  (log)", "sᵢ");
    m_epsLine->point1->setCoords(0, m_eps);
    m_epsLine->point2->setCoords(1, m_eps);
    m_epsLabel->position->setCoords(0.99, m_eps);
    m_epsLabel->setText(QString("ε = %1").arg(epsText(m_eps)));
    m_thresholdKey->setName(QString("dotted: ε·%1, ε = %2").arg(ref, epsText(m_eps)));
    setToolTip(
        QString(
            "<p>Singular values s₁ ≥ s₂ ≥ … ≥ sₙ, n = min(in, out), of each weight matrix W_l "
            "([out, in]; the layer legend reads in→out), computed in double precision from the float32 "
            "weights.</p>"
            "<p>rank_ε = #{i : sᵢ / %1 &gt; ε}, ε = %2: the values above the dashed line. It is "
            "the headline measure: without weight decay it stays at full rank.</p>"
            "<p>Faint curves: the spectrum at step 0. A layer marked <i>collapsed</i> has "
            "‖W‖_F below 10⁻⁶ of its initial norm; its rank is reported as 0, not from these "
            "round-off values.</p>"
            "<p>As an operator (a CNN): the heat map's conv layer as the linear map it is on its input "
            "grid, H·W·min(in, out) singular values from the 2-D Fourier transform of its kernel (Sedghi, "
            "Gupta &amp; Long, ICLR 2019; wrap-around borders; &quot;same&quot; layers: stride 1, "
            "padding (k − 1)/2).</p>")
            .arg(ref, epsText(m_eps)));
}

double SpectrumPlot::reference(const Eigen::VectorXd& s) const {
    if (s.size() == 0)
        return 0;
    return m_norm == RankNorm::Spectral ? s(0) : s.norm();
}

void SpectrumPlot::fillLayer(const LayerGraphs& graphs, const Eigen::VectorXd& s,
                             const Eigen::VectorXd& initial) const {
    fillSpectrum(graphs.current, s);
    fillSpectrum(graphs.ghost, initial);
    const double threshold = m_eps * reference(s);
    graphs.threshold->data()->clear();
    if (!m_normalized && threshold > 0)
        graphs.threshold->setData({1.0, static_cast<double>(s.size())}, {threshold, threshold}, true);
}

void SpectrumPlot::setLayerPens(const LayerGraphs& graphs, const QColor& colour, Qt::PenStyle style) const {
    QColor faint = colour;
    faint.setAlpha(kGhostAlpha);
    graphs.ghost->setPen(themePen(faint, 0.8));
    graphs.threshold->setPen(themePen(colour, 0.7, Qt::DotLine));
    graphs.current->setPen(themePen(colour, 1.0, style));
}

void SpectrumPlot::fillSpectrum(QCPGraph* graph, const Eigen::VectorXd& s) const {
    const double scale = m_normalized ? reference(s) : 1.0;
    QVector<QCPGraphData> data;
    data.reserve(s.size());
    for (Eigen::Index i = 0; i < s.size(); ++i) {
        const double value = s(i) / scale;
        if (std::isfinite(value) && value > 0)
            data.append(QCPGraphData(static_cast<double>(i + 1), value));
    }
    graph->data()->set(data, true);
}

void SpectrumPlot::rebuildGraphs(int layerCount) {
    for (const LayerGraphs& layer : m_layers) {
        removeGraph(layer.current);
        removeGraph(layer.ghost);
        removeGraph(layer.threshold);
    }
    m_layers.clear();
    // Ghosts first so that the current spectra are drawn on top of them.
    for (int l = 0; l < layerCount; ++l) {
        LayerGraphs layer{nullptr, addGraph(), nullptr};
        layer.ghost->removeFromLegend();
        m_layers.append(layer);
    }
    for (LayerGraphs& layer : m_layers) {
        layer.threshold = addGraph();
        layer.threshold->removeFromLegend();
        layer.threshold->setVisible(!m_normalized);
    }
    for (LayerGraphs& layer : m_layers) {
        layer.current = addGraph();
        layer.current->removeFromLegend(); // the dashboard's layer legend names them
    }
    applyTheme(theme());
    updateVisibility();
}

void SpectrumPlot::setOperatorView(bool on) {
    m_operatorView = on;
    setTitle(on ? kOperatorTitle : kTitle);
    updateVisibility();
    updateLabels();
    replot(rpQueuedReplot);
}

Eigen::Index SpectrumPlot::showOperator(const RunHistory& history, const Snapshot& latest) {
    const std::vector<LayerAnalysis>& analysis = latest.analysis.layers;
    const int layer = std::min(m_comparisonLayer, static_cast<int>(analysis.size()) - 1);
    const LayerAnalysis& chosen = analysis[layer];
    const Eigen::VectorXd& s = chosen.operatorSingularValues;
    const QString name = layerName(latest, layer);
    const Eigen::VectorXd initial = layer < static_cast<int>(history.initialOperatorSpectra.size())
                                        ? history.initialOperatorSpectra[layer]
                                        : Eigen::VectorXd();
    fillLayer(m_operator, s, initial);
    setLayerPens(m_operator, theme().layerColor(layer), chosen.collapsed ? Qt::DashLine : Qt::SolidLine);
    if (s.size() > 0)
        m_operator.current->setName(QString("%1 as an operator on its input grid: rank_ε = %2 of %3")
                                        .arg(name)
                                        .arg(chosen.operatorRank)
                                        .arg(s.size()));
    else if (initial.size() > 0) // a past step of the history: only the newest snapshot keeps it
        m_operator.current->setName(
            QString("%1 as an operator: kept for the newest step only (faint: step 0)").arg(name));
    else
        m_operator.current->setName(
            QString("%1: no operator spectrum (a dense or strided layer, one that shrinks its grid, or "
                    "beyond the live analysis's budget); choose a conv layer under Heat map")
                .arg(name));
    setAxisLabel(xAxis, name + " as an operator: index i  (s₁ ≥ s₂ ≥ …)",
                 QString("L%1 operator: index i").arg(layer + 1));
    return s.size();
}

void SpectrumPlot::showRun(const RunHistory& history, const Snapshot& latest) {
    const int layerCount = static_cast<int>(latest.analysis.layers.size());
    if (layerCount != m_layers.size())
        rebuildGraphs(layerCount);
    const Eigen::Index widest =
        m_operatorView && layerCount > 0 ? showOperator(history, latest) : showLayers(history, latest);
    xAxis->setRange(0, static_cast<double>(std::max<Eigen::Index>(widest, 1)) + 1);
    QCPRange data;
    if (visibleValueRange(mGraphs, data)) {
        if (m_normalized)
            data.expand(m_eps);
        setPaddedRange(yAxis, data, false, 9);
    }
    updateLegendLayout();
    replot(rpQueuedReplot);
}

Eigen::Index SpectrumPlot::showLayers(const RunHistory& history, const Snapshot& latest) {
    const std::vector<LayerAnalysis>& analysis = latest.analysis.layers;
    Eigen::Index widest = 0;
    for (int l = 0; l < static_cast<int>(analysis.size()); ++l) {
        const LayerGraphs& graphs = m_layers[l];
        const Eigen::VectorXd& s = analysis[l].singularValues;
        widest = std::max(widest, s.size());
        fillLayer(graphs, s,
                  l < static_cast<int>(history.initialSpectra.size()) ? history.initialSpectra[l]
                                                                      : Eigen::VectorXd());
        graphs.current->setName(layerName(latest, l));
        setLayerPens(graphs, theme().layerColor(l), analysis[l].collapsed ? Qt::DashLine : Qt::SolidLine);
    }
    return widest;
}

void SpectrumPlot::setComparisonLayer(int layer) {
    m_comparisonLayer = std::max(layer, 0);
}

void SpectrumPlot::setComparing(bool comparing) {
    m_ghostKey->data()->clear(); // comparing, it draws the shared step-0 spectrum
    if (!comparing)
        m_runSpectra.clear();
    updateVisibility();
    updateLabels();
}

void SpectrumPlot::showComparison(const RunViews& runs) {
    const int layerCount = static_cast<int>(runs.front().latest->analysis.layers.size());
    if (layerCount == 0)
        return;
    const int layer = std::min(m_comparisonLayer, layerCount - 1);
    m_runSpectra.setRuns(runs);
    Eigen::Index widest = 1;
    for (int i = 0; i < runs.size(); ++i) {
        const std::vector<LayerAnalysis>& analysis = runs[i].latest->analysis.layers;
        const Eigen::VectorXd s =
            layer < static_cast<int>(analysis.size()) ? analysis[layer].singularValues : Eigen::VectorXd();
        widest = std::max(widest, s.size());
        fillSpectrum(m_runSpectra.at(i), s);
        const bool collapsed = layer < static_cast<int>(analysis.size()) && analysis[layer].collapsed;
        m_runSpectra.at(i)->setName(collapsed ? runs[i].label + ": collapsed" : runs[i].label);
    }
    const RunHistory& first = *runs.front().history;
    if (layer < static_cast<int>(first.initialSpectra.size()))
        fillSpectrum(m_ghostKey, first.initialSpectra[layer]);
    const QString name = layerName(*runs.front().latest, layer);
    setAxisLabel(xAxis, name + ": index i  (s₁ ≥ s₂ ≥ …)", QString("L%1: index i").arg(layer + 1));
    xAxis->setRange(0, static_cast<double>(widest) + 1);
    QCPRange data;
    if (visibleValueRange(m_runSpectra.graphs(), data)) {
        if (m_normalized)
            data.expand(m_eps);
        setPaddedRange(yAxis, data, false, 9);
    }
    updateLegendLayout();
    replot(rpQueuedReplot);
}

void SpectrumPlot::applyTheme(const Theme& theme) {
    LivePlot::applyTheme(theme);
    for (int l = 0; l < m_layers.size(); ++l)
        setLayerPens(m_layers[l], theme.layerColor(l), Qt::SolidLine);
    QColor faintKey = theme.foreground;
    faintKey.setAlpha(kGhostAlpha);
    m_ghostKey->setPen(themePen(faintKey, 0.8));
    m_thresholdKey->setPen(themePen(theme.foreground, 0.7, Qt::DotLine));
    m_runSpectra.applyTheme();
    m_epsLine->setPen(themePen(theme.theory, 0.8, Qt::DashLine));
    m_epsLabel->setFont(theme.legendFont);
    m_epsLabel->setColor(theme.theory);
    QColor backdrop = theme.background;
    backdrop.setAlpha(210);
    m_epsLabel->setBrush(backdrop);
    replot(rpQueuedReplot);
}

} // namespace rankscope
