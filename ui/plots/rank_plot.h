// RankPlot: a rank measure of every weight matrix over training time — each layer a thin line in
// its colour (the dashboard's layer legend names it with its largest possible rank min(out, in): an
// input-limited layer is full at 64, not "half"), the mean over the hidden layers (classifier
// excluded, DESIGN.md) thick in the accent colour — with, on request, Theorem 3.3's bound B ln(2/eps) / (lr
// wd) dashed. The bound is loose (often 100x above the data), so the y range follows the data and the bound
// is only drawn where it comes near; otherwise its legend entry gives its value. Comparing runs, each run's
// hidden-layer mean is one thick line in the run's colour (the bound is left out: it differs per run). A
// collapsed run (weight decay shrank a layer to nothing, DESIGN.md) is announced on the plot: rank 0 there is
// a failure, not a success.
#pragma once

#include "measures/spectrum.h"
#include "run_graphs.h"
#include "time_plot.h"

namespace rankscope {

enum class RankMeasure { RankEps, Effective, Stable };

class RankPlot : public TimePlot {
    Q_OBJECT
public:
    explicit RankPlot(QWidget* parent = nullptr);

    void setMeasure(RankMeasure measure);
    RankMeasure measure() const { return m_measure; }
    void setShowBound(bool show);
    bool showsBound() const { return m_showBound; }
    // The run's rank_eps convention (MetricsConfig::rank_eps and rank_norm), for labels.
    void setRankConvention(double eps, RankNorm norm);

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void applyTheme(const Theme& theme) override;
    bool drawsLayers() const override { return !isComparing(); }

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;
    void fitTexts() override;

private:
    void rebuildLayerGraphs(int layerCount);
    void updateLabels();
    void updateNotes(const Snapshot& latest);
    void showCollapsed(const QStringList& what);
    const MetricHistory& layerSeries(const LayerHistory& layer) const;
    const MetricHistory& meanSeries(const RunHistory& history) const;

    RankMeasure m_measure = RankMeasure::RankEps;
    bool m_showBound = false;
    double m_eps = 1e-3;
    RankNorm m_norm = RankNorm::Spectral;
    QList<QCPGraph*> m_layerGraphs;
    QCPGraph* m_mean;
    QCPGraph* m_bound;
    RunGraphs m_runMeans;
    QCPItemText* m_collapsedNote;
};

} // namespace rankscope
