// SpectrumPlot: the singular values s_1 >= s_2 >= ... of every weight matrix W_l against their index
// i, on a log scale, one colour per layer, with each layer's spectrum at step 0 as a faint ghost.
// Normalised (the default), every spectrum is divided by the rank_eps reference (s_1, or ||W||_F
// under rank_norm = frobenius), so the eps threshold is one horizontal line and rank_eps is the
// number of points above it. Unnormalised, each layer gets its own dotted threshold eps * reference.
// A collapsed layer (||W||_F shrunk to nothing) is dashed (and named so in the dashboard's layer
// legend); this plot's own legend keeps only the ghosts' and thresholds' keys. Comparing runs, the
// plot shows one layer (setComparisonLayer; the runs share their initial weights, so one ghost) with
// each run's spectrum in its colour. The operator view (setOperatorView) shows one conv layer (the
// heat map's, setComparisonLayer) as the linear operator it is on its input grid instead
// (measures/conv_operator_spectrum.h): H W min(in, out) singular values rather than min(in, out k²).
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
    // The layer shown when comparing runs or in the operator view (index 0..n-1, clamped to the run's
    // layers).
    void setComparisonLayer(int layer);
    // Shows that layer's operator spectrum (a single run's conv layer) instead of every weight matrix.
    void setOperatorView(bool on);
    bool isOperatorView() const { return m_operatorView; }

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
    // A layer's spectrum s, its step-0 ghost `initial` and, unnormalised, its threshold eps * reference(s).
    void fillLayer(const LayerGraphs& graphs, const Eigen::VectorXd& s, const Eigen::VectorXd& initial) const;
    void setLayerPens(const LayerGraphs& graphs, const QColor& colour, Qt::PenStyle style) const;
    // Shows the graphs and legend keys of what is on view: every layer, the operator view or, comparing
    // runs, neither.
    void updateVisibility();
    // Every layer's spectrum, or the operator view of `latest`'s chosen layer; return the largest index
    // shown.
    Eigen::Index showLayers(const RunHistory& history, const Snapshot& latest);
    Eigen::Index showOperator(const RunHistory& history, const Snapshot& latest);

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
    bool m_operatorView = false;
    LayerGraphs m_operator; // the operator view; its spectrum's legend entry names the layer
};

} // namespace rankscope
