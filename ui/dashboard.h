// Dashboard: the six live plots in a 3x2 grid plus a strip of view options (time axis, spectrum
// normalisation, a CNN layer as an operator, heat-map layer, rank measure, Theorem 3.3 bound, update or
// gradient noise; comparing runs, the run the heat map shows) and, above the grid, the one legend of the
// layers that every plot drawing each layer shares (layer_legend.h). It forwards each displayed snapshot —
// one per run on screen — to every plot and is what "export the whole dashboard" renders — in the GUI and
// in `rankscope --headless --export-png`, so both produce the same figure.
#pragma once

#include "common/lecture_config.h"
#include "live_plot.h"
#include "plots/noise_plot.h"
#include "time_plot.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGridLayout;

namespace rankscope {

class LayerLegend;
class LossAccuracyPlot;
class NoisePlot;
class NullSpacePlot;
class RankPlot;
class SpectrumHeatmapPlot;
class SpectrumPlot;
class TimePlot;

class Dashboard : public QWidget {
    Q_OBJECT
public:
    explicit Dashboard(QWidget* parent = nullptr);

    // Plots hidden by setPlotsShown() are not drawn, unless hiddenToo (an export renders them all).
    void showRuns(const RunViews& runs, bool hiddenToo = false);
    void showRun(const RunHistory& history, const Snapshot& latest);
    // The time axis of every time plot (also a view option in the bar).
    void setTimeAxis(TimeAxis axis);
    TimeAxis timeAxis() const;
    // A preset's lecture settings: time axis, log time, the panels shown, the large one and the heat
    // map's layer (taken when the next run's layers are known). The null-space panel also hides
    // itself while the runs' data have no null space: it would only say so.
    void applyLecture(const LectureConfig& lecture);
    // `lecture` with the view as it stands: time axis, log time, panels, heat-map layer.
    LectureConfig currentLecture(LectureConfig lecture) const;
    // The panels the lecture and the data call for, in reading order: what an export of the
    // dashboard draws (presentation mode may have room for fewer, setPlotsShown).
    QList<LivePlot*> shownPlots() const;
    // Whether the runs' data have a null space (the Janus panel has a curve to draw); true until
    // the first data say otherwise.
    bool hasNullSpace() const { return !m_noNullSpace; }
    void clearRun();
    void applyTheme(const Theme& theme);
    // The rank_eps convention of the run (from its metrics config), shown in axis labels.
    void setRankConvention(double eps, RankNorm norm);
    void setOptionsVisible(bool visible);
    // What the noise plot shows (also a view option in the bar).
    void setNoiseView(NoiseView view);
    NoiseView noiseView() const;

    // The shared legend of the layers: shown while a plot on screen draws each layer.
    LayerLegend* layerLegend() const { return m_legend; }
    // The room the panel grid has: the dashboard less the options bar and the layer legend (kept free
    // whenever the runs shown have layers to key, so that which panels fit does not depend on it).
    QSize panelArea() const;

    // Every plot, in reading order (left to right, top to bottom); the grid has kColumns columns.
    QList<LivePlot*> plots() const;
    static constexpr int kColumns = 2;
    // Lays out only `shown` (in reading order, kColumns columns, one column for a single plot) and
    // hides the others; presentation mode uses it to zoom one panel and to drop panels that would
    // be too small to read.
    // `evenRows`: presentation mode sized every row for its panels, so no panel is drawn large.
    void setPlotsShown(const QList<LivePlot*>& shown, bool evenRows = false);
    LivePlot* rankPlot() const;

signals:
    // A view option changed: the owner should call showRun() again with the current data.
    void viewChanged();
    // shownPlots() or hasNullSpace() changed (a lecture was applied, or the data have no null space).
    void shownPlotsChanged();
    // panelArea() changed without the dashboard's size changing (the layer legend took or left rows).
    void panelAreaChanged();

private:
    QWidget* makeOptionsBar();
    void setLayerChoices(int layerCount, const QStringList& names);
    int automaticLayer() const; // the heat map's layer when the lecture names none
    void setRunChoices(const RunViews& runs);
    void arrange();
    // Keys the runs' layers above the grid while a plot on screen draws them.
    void updateLayerLegend();

    SpectrumPlot* m_spectrum;
    SpectrumHeatmapPlot* m_heatmap;
    RankPlot* m_rank;
    NoisePlot* m_noise;
    LossAccuracyPlot* m_loss;
    NullSpacePlot* m_nullSpace;
    QList<TimePlot*> m_timePlots;
    QGridLayout* m_grid;
    LayerLegend* m_legend;
    LayerKey m_layerKey;  // the layers of the run shown alone; empty when comparing runs
    int m_legendRoom = 0; // the legend's height panelArea() last kept free
    QStringList m_panels = dashboardPanelNames(); // lecture.panels
    QString m_largePanel;                         // lecture.large_panel
    int m_lectureLayer = 0;                       // lecture.heatmap_layer: 1-based, 0 = automatic
    bool m_noNullSpace = false;                   // the runs shown have no null space
    QList<LivePlot*> m_stageShown;                // presentation mode's room: setPlotsShown()
    bool m_evenRows = false;
    QWidget* m_options;
    QComboBox* m_timeAxis;
    QCheckBox* m_logTime;
    QCheckBox* m_normalized;
    QCheckBox* m_operatorView;
    QComboBox* m_heatmapLayer;
    QWidget* m_heatmapRunLabel;
    QComboBox* m_heatmapRun;
    QComboBox* m_rankMeasure;
    QCheckBox* m_bound;
    QComboBox* m_noiseView;
};

} // namespace rankscope
