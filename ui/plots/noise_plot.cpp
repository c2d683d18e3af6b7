#include "plots/noise_plot.h"

#include <cmath>

namespace rankscope {
namespace {

// After wd → 0 (or with GD) the update noise falls by many decades; the axis follows it all the way
// rather than cutting the line off, down to float32's resolution of a weight's relative change.
constexpr double kNoiseDecades = 12;

} // namespace

NoisePlot::NoisePlot(QWidget* parent)
    : TimePlot("Update noise and gradient noise", parent)
    , m_runMeans(this, yAxis, {.widthFactor = 1.6, .endLabels = true})
    , m_runGradients(this, yAxis2, {.inLegend = false, .scatter = QCPScatterStyle::ssDiamond}) {
    makeLogarithmic(yAxis);
    makeLogarithmic(yAxis2);
    setAxisLabel(yAxis2, "gradient noise ‖g_B − g‖_F / ‖g‖_F", "gradient noise");
    m_mean = addGraph();
    m_mean->setName("hidden-layer mean");
    m_gradient = addGraph(xAxis, yAxis2);
    m_gradient->setName("gradient noise (right axis)");
    m_gradient->setLineStyle(QCPGraph::lsNone); // measurements only: nothing is known in between
    placeLegendAbove();
    labelSource(false);
    applyTheme(theme());
    setToolTip("<p><b>Update noise</b> (left) = ‖Wₜ − Wₜ₋₁‖_F / ‖Wₜ₋₁‖_F, the relative size of one SGD "
               "step, per layer (thin) and averaged over the hidden layers (thick); an exponential moving "
               "average, since single steps are very noisy.</p>"
               "<p><b>Gradient noise</b> (markers, right axis) = ‖g_B − g‖_F / ‖g‖_F, a mini-batch gradient "
               "against the full-batch gradient on the training set, measured every K steps. Full-batch GD "
               "has none.</p>"
               "<p>Janus effect (Xu et al. 2023): SGD keeps a noise floor that GD does not; smaller batches "
               "raise it.</p>"
               "<p>Comparing runs: each run's hidden-layer mean (line) and gradient noise (markers) in its "
               "colour.</p>"
               "<p>Checkpoints (--open, --watch): the change between consecutive checkpoints instead, over "
               "however many steps lie between two saves; not comparable with a per-step update noise.</p>");
}

void NoisePlot::labelSource(bool checkpoints) {
    m_perCheckpoint = checkpoints;
    setTitle(checkpoints ? "Change per checkpoint" : "Update noise and gradient noise");
    if (checkpoints)
        setAxisLabel(yAxis, "‖Wₖ − Wₖ₋₁‖_F / ‖Wₖ₋₁‖_F, k = checkpoint", "change per checkpoint");
    else
        setAxisLabel(yAxis, "‖Wₜ − Wₜ₋₁‖_F / ‖Wₜ₋₁‖_F (EMA)", "update noise (EMA)");
    yAxis2->setVisible(!checkpoints); // saved checkpoints hold no gradients
    setGraphsShown({m_gradient}, !checkpoints && !isComparing());
}

void NoisePlot::setMeasurements(QCPGraph* graph, const MetricHistory& series) const {
    const std::vector<double>& time = timeAxis() == TimeAxis::Steps ? series.steps() : series.epochs();
    QVector<QCPGraphData> data;
    double previous = std::nan("");
    for (int i = 0; i < series.size(); ++i) {
        const double value = series.values()[i];
        if (std::isfinite(value) && value > 0 && value != previous && (!logTime() || time[i] > 0))
            data.append(QCPGraphData(time[i], value));
        previous = value;
    }
    graph->data()->set(data, true);
}

void NoisePlot::rebuildLayerGraphs(int layerCount) {
    for (QCPGraph* graph : m_layerGraphs)
        removeGraph(graph);
    m_layerGraphs.clear();
    for (int l = 0; l < layerCount; ++l) {
        m_layerGraphs.append(addGraph());
        m_layerGraphs.last()->removeFromLegend(); // the dashboard's layer legend names them
    }
    for (QCPGraph* graph : {m_mean, m_gradient})
        graph->setLayer(graph->layer()); // re-added to its layer: drawn over the layers
    applyTheme(theme());
}

void NoisePlot::showRun(const RunHistory& history, const Snapshot& latest) {
    if (latest.fromCheckpoints != m_perCheckpoint)
        labelSource(latest.fromCheckpoints);
    if (history.layerCount() != m_layerGraphs.size())
        rebuildLayerGraphs(history.layerCount());
    for (int l = 0; l < m_layerGraphs.size(); ++l) {
        setSeries(m_layerGraphs[l], history.layers[l].updateNoise);
        m_layerGraphs[l]->setName(layerName(latest, l));
    }
    setSeries(m_mean, history.updateNoiseEma);
    setMeasurements(m_gradient, history.gradientNoise);
    finishTimeUpdate(history, latest);
    fitValueAxis(yAxis, false, kNoiseDecades);
    fitValueAxis(yAxis2, false, 6);
}

void NoisePlot::setComparing(bool comparing) {
    for (QCPGraph* graph : m_layerGraphs)
        graph->setVisible(!comparing);
    setGraphsShown({m_mean}, !comparing);
    setGraphsShown({m_gradient}, !comparing && !m_perCheckpoint);
    if (!comparing) {
        m_runMeans.clear();
        m_runGradients.clear();
    }
}

void NoisePlot::showComparison(const RunViews& runs) {
    if (runs.front().latest->fromCheckpoints != m_perCheckpoint)
        labelSource(runs.front().latest->fromCheckpoints);
    m_runMeans.setRuns(runs);
    m_runGradients.setRuns(runs);
    for (int i = 0; i < runs.size(); ++i) {
        setSeries(m_runMeans.at(i), runs[i].history->updateNoiseEma);
        setMeasurements(m_runGradients.at(i), runs[i].history->gradientNoise);
    }
    finishTimeUpdate(runs);
    fitValueAxis(yAxis, false, kNoiseDecades);
    fitValueAxis(yAxis2, false, 6);
    updateLegendLayout();
}

void NoisePlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    for (int l = 0; l < m_layerGraphs.size(); ++l)
        m_layerGraphs[l]->setPen(themePen(theme.layerColor(l), 0.8));
    m_mean->setPen(themePen(theme.accent, 1.6));
    const double size = 4 + 2 * theme.lineWidth;
    m_gradient->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssDiamond, QPen(theme.accent, theme.lineWidth * 0.7), theme.background, size));
    m_runMeans.applyTheme();
    m_runGradients.applyTheme();
    replot(rpQueuedReplot);
}

} // namespace rankscope
