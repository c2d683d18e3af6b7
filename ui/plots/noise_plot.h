// NoisePlot: how noisy SGD is, over training time, on one log axis, in one of two views (setView):
//   update noise   ||W_t - W_{t-1}||_F / ||W_{t-1}||_F of each layer (thin, in the layers' colours) and
//                  its mean over the hidden layers (thick), as the trainer's exponential moving average;
//   gradient noise ||g_B - g||_F / ||g||_F of a mini-batch gradient g_B against the full-batch gradient
//                  g over all layers, measured every K steps: a dot at each measurement, joined by a
//                  line (full-batch GD has none, and the plot says so).
// Two quantities of different sizes on two log axes of one plot read as one cloud; one at a time, each
// on its own axis, reads from the back of the room. Janus (Xu et al.): SGD keeps a noise floor that GD
// does not. Comparing runs, each run's hidden-layer mean, or its gradient noise, in the run's colour,
// labelled at its end. Checkpoints written elsewhere: the change between consecutive checkpoints
// instead, titled and labelled so (it spans however many steps lie between two saves), and no gradient
// noise (checkpoints hold no gradients).
#pragma once

#include "run_graphs.h"
#include "time_plot.h"

namespace rankscope {

enum class NoiseView { Update, Gradient };

class NoisePlot : public TimePlot {
    Q_OBJECT
public:
    explicit NoisePlot(QWidget* parent = nullptr);

    void setView(NoiseView view);
    NoiseView view() const { return m_view; }
    // Shown instead of curves when the view has none: "" while it has.
    QString note() const;

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void applyTheme(const Theme& theme) override;
    bool drawsLayers() const override { return !isComparing() && m_view == NoiseView::Update; }

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;
    void fitTexts() override;

private:
    void rebuildLayerGraphs(int layerCount);
    // Shows the graphs of the view (one run or several), titles and labels it.
    void applyView();
    // Titles and labels the view for a training, or for checkpoints (the change per checkpoint).
    void labelSource(bool checkpoints);
    // Copies only the points where the held value changes, i.e. one point per new measurement.
    void setMeasurements(QCPGraph* graph, const MetricHistory& series) const;
    // Fits the value axis to the view's curves, or says why the gradient view has none.
    void finishView(const RunViews& runs);

    NoiseView m_view = NoiseView::Update;
    QList<QCPGraph*> m_layerGraphs;
    QCPGraph* m_mean;
    QCPGraph* m_gradient;
    RunGraphs m_runMeans;
    RunGraphs m_runGradients;
    QCPItemText* m_note;
    bool m_perCheckpoint = false;
};

} // namespace rankscope
