// SpectrumPlot: the singular values s_1 >= s_2 >= ... of every weight matrix W_l against their index
// i, on a log scale, one colour per layer, with each layer's spectrum at step 0 as a faint ghost.
// Normalised (the default), every spectrum is divided by the rank_eps reference (s_1, or ||W||_F
// under rank_norm = frobenius), so the eps threshold is one horizontal line and rank_eps is the
// number of points above it. Unnormalised, each layer gets its own dotted threshold eps * reference.
// A collapsed layer (||W||_F shrunk to nothing) is dashed (and named so in the dashboard's layer
// legend); this plot's own legend keeps only the ghosts' and thresholds' keys. Comparing runs, the
// plot shows one layer (setComparisonLayer; the runs share their initial weights, so one ghost) with
// each run's spectrum in its colour.
#pragma once

#include "live_plot.h"
#include "measures/spectrum.h"
#include "run_graphs.h"

namespace rankscope {

class SpectrumPlot : public LivePlot {
    Q_OBJECT
public:
    explicit SpectrumPlot(QWidget* parent = nullptr);

    void setNormalized(bool normalized);
    bool isNormalized() const { return m_normalized; }
    // The run's rank_eps convention (MetricsConfig::rank_eps and rank_norm).
    void setRankConvention(double eps, RankNorm norm);
    // The layer shown when comparing runs (index 0..n-1, clamped to the run's layers).
    void setComparisonLayer(int layer);

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void applyTheme(const Theme& theme) override;
    bool drawsLayers() const override { return !isComparing(); }

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;

private:
    struct LayerGraphs {
        QCPGraph* current;
        QCPGraph* ghost;
        QCPGraph* threshold; // unnormalised view only
    };
    void rebuildGraphs(int layerCount);
    void updateLabels();
    double reference(const Eigen::VectorXd& s) const;
    void fillSpectrum(QCPGraph* graph, const Eigen::VectorXd& s) const;

    bool m_normalized = true;
    double m_eps = 1e-3;
    RankNorm m_norm = RankNorm::Spectral;
    QList<LayerGraphs> m_layers;
    QCPGraph* m_ghostKey;           // legend entries explaining the ghosts (comparing: the ghost) ...
    QCPGraph* m_thresholdKey;       // ... and the per-layer thresholds (unnormalised view)
    QCPItemStraightLine* m_epsLine; // normalised view
    QCPItemText* m_epsLabel;
    RunGraphs m_runSpectra;
    int m_comparisonLayer = 1;
};

} // namespace rankscope
