// SpectrumHeatmapPlot: the spectrum of one layer over training time as a heat map — x = training
// time (steps or epochs), y = singular-value index i (1 = largest), colour = log10(s_i / s_1) (or
// log10(s_i / ||W||_F) under rank_norm = frobenius), so every column reads on the same scale and the
// eps threshold is one colour (log10 eps). The layer's rank_eps is drawn over the map as a line: it
// is where the colour crosses that threshold. The history's spectra are unevenly spaced in time
// (decimated); they are mapped onto a fixed grid of at most 400 columns, each showing the newest
// spectrum at or before its time. Columns where the layer has collapsed (s_1 below 1e-6 of its
// start) are grey: their ratios are round-off. Comparing runs, the map shows one run (setRun), named
// in the y label, on the time axis the other plots share.
#pragma once

#include "measures/spectrum.h"
#include "time_plot.h"

namespace rankscope {

class SpectrumHeatmapPlot : public TimePlot {
    Q_OBJECT
public:
    explicit SpectrumHeatmapPlot(QWidget* parent = nullptr);

    // Layer index 0..n-1 (classifier last); clamped to the run's layers. Default 1 (L2): the rank
    // falls in the middle layers, layer 1 keeps the input's rank.
    void setLayer(int layer);
    int layer() const { return m_layer; }
    // The run shown when comparing runs (its position among them, clamped).
    void setRun(int run);
    // The run's rank_eps convention (MetricsConfig::rank_eps and rank_norm).
    void setRankConvention(double eps, RankNorm norm);

    QCPColorMap* colorMap() const { return m_map; }

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void clearRun() override;
    void applyTheme(const Theme& theme) override;

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;

private:
    // Fills the map and the rank line from one run; `runLabel` prefixes the y label when comparing.
    void drawRun(const RunHistory& history, const Snapshot& latest, const QString& runLabel);
    void fillMap(const RunHistory& history, int layer);
    void updateLabels();

    int m_layer = 1;
    double m_eps = 1e-3;
    RankNorm m_norm = RankNorm::Spectral;
    QCPColorMap* m_map;
    QCPColorScale* m_scale;
    QCPGraph* m_rankHalo; // a dark outline under the rank line, so it reads on every colour
    QCPGraph* m_rank;
    // What the map shows now; it is refilled only when one of these changes.
    std::int64_t m_filledStep = -1;
    const RunHistory* m_filledHistory = nullptr;
    int m_run = 0;
    int m_filledLayer = -1;
    QString m_layerName; // shown in the y label
    TimeAxis m_filledAxis = TimeAxis::Steps;
};

} // namespace rankscope
