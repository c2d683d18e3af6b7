// NoisePlot: how noisy SGD is, over training time, on log scales. Left axis: the update noise
// ||W_t - W_{t-1}||_F / ||W_{t-1}||_F of each layer (thin; the dashboard's layer legend names them) and its
// mean over the hidden layers (thick), both as the trainer's exponential moving average. Right axis: the
// gradient noise
// ||g_B - g||_F / ||g||_F of a mini-batch gradient g_B against the full-batch gradient g, measured
// every K steps, drawn as markers at the measurements only (full-batch GD has none). Janus (Xu et
// al.): SGD keeps a noise floor that GD does not. Comparing runs: each run's hidden-layer mean
// (thick) and its gradient-noise markers in the run's colour. Checkpoints written elsewhere: the
// change between consecutive checkpoints instead, titled and labelled so (it spans however many steps
// lie between two saves), and no gradient noise (checkpoints hold no gradients).
#pragma once

#include "run_graphs.h"
#include "time_plot.h"

namespace rankscope {

class NoisePlot : public TimePlot {
    Q_OBJECT
public:
    explicit NoisePlot(QWidget* parent = nullptr);

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void applyTheme(const Theme& theme) override;
    bool drawsLayers() const override { return !isComparing(); }

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;

private:
    void rebuildLayerGraphs(int layerCount);
    // Titles and labels for a training's update noise, or for the change per checkpoint.
    void labelSource(bool checkpoints);
    // Copies only the points where the held value changes, i.e. one point per new measurement.
    void setMeasurements(QCPGraph* graph, const MetricHistory& series) const;

    QList<QCPGraph*> m_layerGraphs;
    QCPGraph* m_mean;
    QCPGraph* m_gradient;
    RunGraphs m_runMeans;
    RunGraphs m_runGradients;
    bool m_perCheckpoint = false;
};

} // namespace rankscope
