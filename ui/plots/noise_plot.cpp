#include "plots/noise_plot.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

// After wd → 0 (or with GD) the update noise falls by many decades; the axis follows it all the way
// rather than cutting the line off, down to float32's resolution of a weight's relative change.
constexpr double kUpdateDecades = 12;
constexpr double kGradientDecades = 6;

bool hasPoints(const QList<QCPGraph*>& graphs) {
    return std::any_of(graphs.begin(), graphs.end(),
                       [](const QCPGraph* graph) { return graph->visible() && !graph->data()->isEmpty(); });
}

// Why the gradient view is empty: the runs never measure it (the trainer's rule, in each snapshot's
// gradientNoisePeriod), or not yet.
QString gradientNoiseNote(const RunViews& runs) {
    const auto all = [&runs](auto predicate) { return std::all_of(runs.begin(), runs.end(), predicate); };
    if (all([](const RunView& run) { return run.latest->train.full_batch; }))
        return "Full-batch GD: g_B = g,\nno gradient noise";
    if (all([](const RunView& run) { return run.latest->gradientNoisePeriod == 0; }))
        return "Gradient noise is not measured:\nthe batch covers the training set,\n"
               "or metrics.gradient_noise_every = 0";
    return "Gradient noise:\nnot measured yet";
}

} // namespace

NoisePlot::NoisePlot(QWidget* parent)
    : TimePlot("Update noise", parent)
    , m_runMeans(this, yAxis, {.widthFactor = 1.6, .endLabels = true})
    , m_runGradients(this, yAxis, {.widthFactor = 1.0, .dots = true, .endLabels = true}) {
    makeLogarithmic(yAxis);
    m_mean = addGraph();
    m_mean->setName("hidden-layer mean");
    m_gradient = addGraph();
    m_gradient->setName("all layers together, measured at the dots");
    m_note = new QCPItemText(this);
    m_note->setLayer("overlay"); // above the change markers
    m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_note->position->setCoords(0.5, 0.5);
    m_note->setPadding(QMargins(8, 4, 8, 4));
    m_note->setVisible(false);
    placeLegendAbove();
    applyTheme(theme());
    labelSource(false);
    setToolTip("<p><b>Update noise</b> = ‖Wₜ − Wₜ₋₁‖_F / ‖Wₜ₋₁‖_F, the relative size of one SGD step, per "
               "layer (thin) and averaged over the hidden layers (thick); an exponential moving average, "
               "since single steps are very noisy.</p>"
               "<p><b>Gradient noise</b> (the other view: the Noise option above the plots, or N) = "
               "‖g_B − g‖_F / ‖g‖_F over all layers, a mini-batch gradient against the full-batch gradient "
               "on the training set, measured every K steps (the dots). Full-batch GD has none.</p>"
               "<p>Janus effect (Xu et al. 2023): SGD keeps a noise floor that GD does not; smaller batches "
               "raise it.</p>"
               "<p>Comparing runs: each run's hidden-layer mean, or its gradient noise, in its colour.</p>"
               "<p>Checkpoints (--open, --watch): the change between consecutive checkpoints instead, over "
               "however many steps lie between two saves; not comparable with a per-step update noise.</p>");
}

void NoisePlot::setView(NoiseView view) {
    if (view == m_view)
        return;
    m_view = view;
    labelSource(m_perCheckpoint);
    replot(rpQueuedReplot);
}

QString NoisePlot::note() const {
    return m_note->visible() ? m_note->text() : QString();
}

void NoisePlot::labelSource(bool checkpoints) {
    m_perCheckpoint = checkpoints;
    if (m_view == NoiseView::Gradient) {
        setTitle("Gradient noise");
        setAxisLabel(yAxis, "‖g_B − g‖_F / ‖g‖_F  (mini-batch vs full batch)", "gradient noise");
    } else if (checkpoints) {
        setTitle("Change per checkpoint");
        setAxisLabel(yAxis, "‖Wₖ − Wₖ₋₁‖_F / ‖Wₖ₋₁‖_F, k = checkpoint", "change per checkpoint");
    } else {
        setTitle("Update noise");
        setAxisLabel(yAxis, "‖Wₜ − Wₜ₋₁‖_F / ‖Wₜ₋₁‖_F (EMA)", "update noise (EMA)");
    }
    applyView();
}

void NoisePlot::applyView() {
    const bool update = m_view == NoiseView::Update;
    const bool gradient = !update && !m_perCheckpoint; // saved checkpoints hold no gradients
    const bool single = !isComparing();
    for (QCPGraph* graph : m_layerGraphs)
        graph->setVisible(update && single); // the dashboard's layer legend names them
    setGraphsShown({m_mean}, update && single);
    setGraphsShown({m_gradient}, gradient && single);
    setGraphsShown(m_runMeans.graphs(), update && !single);
    setGraphsShown(m_runGradients.graphs(), gradient && !single);
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
        m_layerGraphs.last()->removeFromLegend();
    }
    for (QCPGraph* graph : {m_mean, m_gradient})
        graph->setLayer(graph->layer()); // re-added to its layer: drawn over the layers
    applyTheme(theme());
    applyView();
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
    finishView(singleRunView(history, latest));
}

void NoisePlot::setComparing(bool comparing) {
    if (!comparing) {
        m_runMeans.clear();
        m_runGradients.clear();
    }
    applyView();
}

void NoisePlot::showComparison(const RunViews& runs) {
    if (runs.front().latest->fromCheckpoints != m_perCheckpoint)
        labelSource(runs.front().latest->fromCheckpoints);
    m_runMeans.setRuns(runs);
    m_runGradients.setRuns(runs);
    applyView(); // a run that joined shows in the current view only
    for (int i = 0; i < runs.size(); ++i) {
        setSeries(m_runMeans.at(i), runs[i].history->updateNoiseEma);
        QCPGraph* gradient = m_runGradients.at(i);
        setMeasurements(gradient, runs[i].history->gradientNoise);
        if (gradient->data()->isEmpty() && runs[i].latest->gradientNoisePeriod == 0)
            gradient->setName(runs[i].label + ": no gradient noise");
    }
    finishTimeUpdate(runs);
    finishView(runs);
    updateLegendLayout();
}

void NoisePlot::finishView(const RunViews& runs) {
    const bool update = m_view == NoiseView::Update;
    fitValueAxis(yAxis, false, update ? kUpdateDecades : kGradientDecades);
    QString note;
    if (!update && m_perCheckpoint)
        note = "Checkpoints hold no gradients:\nno gradient noise to show";
    else if (!update && !hasPoints(isComparing() ? m_runGradients.graphs() : QList<QCPGraph*>{m_gradient}))
        note = gradientNoiseNote(runs);
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void NoisePlot::fitTexts() {
    m_note->setFont(fittedFont(theme().legendFont, m_note->text(), axisRect()->width()));
    TimePlot::fitTexts();
}

void NoisePlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    for (int l = 0; l < m_layerGraphs.size(); ++l)
        m_layerGraphs[l]->setPen(themePen(theme.layerColor(l), 0.8));
    m_mean->setPen(themePen(theme.accent, 1.6));
    m_gradient->setPen(themePen(theme.accent, 1.0));
    m_gradient->setScatterStyle(dotStyle(theme.accent));
    m_runMeans.applyTheme();
    m_runGradients.applyTheme();
    QColor backdrop = theme.background;
    backdrop.setAlpha(225);
    m_note->setBrush(backdrop);
    m_note->setColor(theme.foreground);
    m_note->setPen(QPen(theme.grid, 1));
    replot(rpQueuedReplot);
}

} // namespace rankscope
