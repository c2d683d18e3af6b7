#include "plots/rank_plot.h"

#include "plots/rank_convention.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr double kBoundReach = 1.5; // the bound is drawn up to this multiple of the data's maximum

QString epsText(double eps) {
    return QString::number(eps, 'g', 3);
}

// A large count for an audience: two significant digits with thousands separators, "970,000".
QString roundedText(double value) {
    const double unit = std::pow(10.0, std::floor(std::log10(value)) - 1);
    return QLocale(QLocale::English).toString(std::round(value / unit) * unit, 'f', 0);
}

} // namespace

RankPlot::RankPlot(QWidget* parent)
    : TimePlot("Rank of each layer", parent)
    , m_runMeans(this, yAxis, {.widthFactor = 1.6, .endLabels = true}) {
    m_bound = addGraph();
    m_mean = addGraph();
    m_mean->setName("hidden-layer mean");
    m_bound->setName("Thm 3.3 bound (loose)");
    m_collapsedNote = new QCPItemText(this);
    m_collapsedNote->setLayer("overlay"); // above the curves and the change markers
    m_collapsedNote->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_collapsedNote->position->setCoords(0.5, 0.45);
    m_collapsedNote->setPadding(QMargins(8, 4, 8, 4));
    m_collapsedNote->setVisible(false);
    placeLegendAbove();
    applyTheme(theme());
    setShowBound(false);
    updateLabels();
}

void RankPlot::setMeasure(RankMeasure measure) {
    m_measure = measure;
    updateLabels();
    replot(rpQueuedReplot);
}

void RankPlot::setShowBound(bool show) {
    m_showBound = show;
    m_bound->setVisible(show && !isComparing());
    if (show && !isComparing())
        m_bound->addToLegend();
    else
        m_bound->removeFromLegend();
    updateLegendLayout();
    replot(rpQueuedReplot);
}

void RankPlot::setRankConvention(double eps, RankNorm norm) {
    m_eps = eps;
    m_norm = norm;
    updateLabels();
    replot(rpQueuedReplot);
}

void RankPlot::updateLabels() {
    const QString ref = rankReference(m_norm);
    const QString common =
        QString("<p>Thin: each layer W_l; thick: the mean over the hidden layers (classifier excluded). "
                "Comparing runs: one thick line per run, its hidden-layer mean. "
                "A collapsed layer (‖W‖_F below 10⁻⁶ of its initial norm) counts as rank 0: that is a "
                "failure (lr·wd too large), not low rank.</p>"
                "<p>Dashed, on request: Theorem 3.3 of Galanti et al., rank_ε ≤ B·ln(2/ε)/(lr·wd) — loose, "
                "a sanity line, usually far above the data; ↑ in the legend: above the visible range.</p>");
    switch (m_measure) {
    case RankMeasure::RankEps:
        setAxisLabel(yAxis, QString("rank_ε  (#{sᵢ/%1 > ε}), ε = %2").arg(ref, epsText(m_eps)),
                     QString("rank_ε, ε = %1").arg(epsText(m_eps)));
        setToolTip(QString("<p><b>rank_ε</b> = #{i : sᵢ / %1 &gt; ε}, ε = %2 — the headline measure: the "
                           "only one here that stays at full rank without weight decay.</p>")
                       .arg(ref, epsText(m_eps)) +
                   common);
        break;
    case RankMeasure::Effective:
        setAxisLabel(yAxis, "effective rank  exp(−Σ pᵢ ln pᵢ), pᵢ = sᵢ/Σⱼ sⱼ", "effective rank");
        setToolTip(
            "<p><b>Effective rank</b> = exp(−Σ pᵢ ln pᵢ), pᵢ = sᵢ / Σⱼ sⱼ (Roy &amp; Vetterli "
            "2007). Not a count: it follows the spectrum's shape; rank_ε is the headline measure.</p>" +
            common);
        break;
    case RankMeasure::Stable:
        setAxisLabel(yAxis, "stable rank  Σ sᵢ² / s₁²", "stable rank");
        setToolTip("<p><b>Stable rank</b> = Σ sᵢ² / s₁². It falls even without weight decay (about 30 → 13 "
                   "on the default MLP) because training stretches s₁, so a falling stable rank alone is "
                   "no evidence of the weight-decay effect; rank_ε is the headline measure.</p>" +
                   common);
        break;
    }
}

const MetricHistory& RankPlot::layerSeries(const LayerHistory& layer) const {
    switch (m_measure) {
    case RankMeasure::Effective:
        return layer.effectiveRank;
    case RankMeasure::Stable:
        return layer.stableRank;
    case RankMeasure::RankEps:
        break;
    }
    return layer.rank;
}

const MetricHistory& RankPlot::meanSeries(const RunHistory& history) const {
    switch (m_measure) {
    case RankMeasure::Effective:
        return history.meanEffectiveRank;
    case RankMeasure::Stable:
        return history.meanStableRank;
    case RankMeasure::RankEps:
        break;
    }
    return history.meanRank;
}

void RankPlot::rebuildLayerGraphs(int layerCount) {
    for (QCPGraph* graph : m_layerGraphs)
        removeGraph(graph);
    m_layerGraphs.clear();
    for (int l = 0; l < layerCount; ++l) {
        m_layerGraphs.append(addGraph());
        m_layerGraphs.last()->removeFromLegend(); // the dashboard's layer legend names them
    }
    m_mean->setLayer(m_mean->layer()); // re-adding the mean to its layer draws it over the layers
    applyTheme(theme());
}

void RankPlot::showRun(const RunHistory& history, const Snapshot& latest) {
    if (history.layerCount() != m_layerGraphs.size())
        rebuildLayerGraphs(history.layerCount());
    for (int l = 0; l < m_layerGraphs.size(); ++l) {
        setSeries(m_layerGraphs[l], layerSeries(history.layers[l]));
        m_layerGraphs[l]->setName(layerName(latest, l));
    }
    setSeries(m_mean, meanSeries(history));
    if (m_showBound)
        setSeries(m_bound, history.rankBound);
    finishTimeUpdate(history, latest);

    QList<QCPGraph*> data = m_layerGraphs;
    data.append(m_mean);
    QCPRange range(0, 1);
    visibleValueRange(data, range);
    QCPRange bound;
    if (m_showBound && visibleValueRange({m_bound}, bound) && bound.lower < kBoundReach * range.upper)
        range.upper = std::max(range.upper, std::min(bound.upper, kBoundReach * range.upper));
    setPaddedRange(yAxis, QCPRange(0, std::max(range.upper, 1.0)), true);
    updateNotes(latest);
    updateLegendLayout();
}

void RankPlot::updateNotes(const Snapshot& latest) {
    const double bound = latest.analysis.rankBound;
    if (!std::isfinite(bound))
        m_bound->setName("Thm 3.3 bound: ∞ (wd = 0)");
    else if (bound > yAxis->range().upper)
        m_bound->setName(QString("Thm 3.3 bound (loose): %1 ↑").arg(roundedText(bound)));
    else
        m_bound->setName("Thm 3.3 bound (loose)");
    QStringList collapsed;
    for (std::size_t l = 0; l < latest.analysis.layers.size(); ++l)
        if (latest.analysis.layers[l].collapsed)
            collapsed.append(QString("L%1").arg(l + 1));
    if (latest.analysis.collapsed && collapsed.isEmpty())
        collapsed.append("a layer");
    showCollapsed(collapsed);
}

void RankPlot::showCollapsed(const QStringList& what) {
    m_collapsedNote->setVisible(!what.isEmpty());
    m_collapsedNote->setText(
        QString("collapsed: weight decay\nshrank %1 to nothing\n(lr·wd too large)").arg(what.join(", ")));
}

void RankPlot::setComparing(bool comparing) {
    for (QCPGraph* graph : m_layerGraphs)
        graph->setVisible(!comparing);
    setGraphsShown({m_mean}, !comparing);
    setGraphsShown({m_bound}, !comparing && m_showBound);
    if (!comparing)
        m_runMeans.clear();
}

void RankPlot::showComparison(const RunViews& runs) {
    m_runMeans.setRuns(runs);
    QStringList collapsed;
    for (int i = 0; i < runs.size(); ++i) {
        setSeries(m_runMeans.at(i), meanSeries(*runs[i].history));
        if (runs[i].latest->analysis.collapsed)
            collapsed.append(runs[i].label);
    }
    finishTimeUpdate(runs);
    QCPRange range(0, 1);
    visibleValueRange(m_runMeans.graphs(), range);
    setPaddedRange(yAxis, QCPRange(0, std::max(range.upper, 1.0)), true);
    showCollapsed(collapsed);
    updateLegendLayout();
}

void RankPlot::fitTexts() {
    QFont font = theme().legendFont;
    font.setBold(true);
    m_collapsedNote->setFont(fittedFont(font, m_collapsedNote->text(), axisRect()->width()));
    TimePlot::fitTexts();
}

void RankPlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    for (int l = 0; l < m_layerGraphs.size(); ++l)
        m_layerGraphs[l]->setPen(themePen(theme.layerColor(l), 0.8));
    m_mean->setPen(themePen(theme.accent, 1.6));
    m_bound->setPen(themePen(theme.theory, 1.0, Qt::DashLine));
    m_runMeans.applyTheme();
    QColor backdrop = theme.background;
    backdrop.setAlpha(225);
    m_collapsedNote->setBrush(backdrop);
    m_collapsedNote->setColor(theme.theory);
    m_collapsedNote->setPen(QPen(theme.theory, 1));
    replot(rpQueuedReplot);
}

} // namespace rankscope
