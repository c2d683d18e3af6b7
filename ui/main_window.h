// MainWindow: wires the control panel, the dashboard, the comparison strip, the status bar and the
// runs (a RunGroup: one training session, or up to four side by side) together, and owns the menus,
// shortcuts, settings and presentation mode. It holds no plotting or training logic: plots are in
// plots/, training in core/session.
//
// Display loop: a 20 ms timer lets the RunGroup take each run's newest snapshot into its bounded
// history and, when one changed, lets the dashboard replot (queued). The GUI never waits on training.
// The knobs show the live settings the runs publish (RunGroup::liveTrain).
#pragma once

#include "common/run_config.h"
#include "run_view.h"
#include "session/run_group.h"
#include "theme.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

class QVBoxLayout;

namespace rankscope {

class AudienceReadout;
class ComparisonStrip;
class ControlPanel;
class DivergenceNotice;
class Dashboard;
class HistoryScrubber;
class LivePlot;
class PredictionSketch;
class RunStatusBar;
class StageActions;
class StageLayout;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const RunConfig& initial, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts fresh, paused runs of `config` (a preset, a loaded file or new model/data settings):
    // one, or one per entry of its compare list. An invalid comparison is refused with a message.
    void loadConfig(const RunConfig& config);
    void setTheme(const Theme& theme);
    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }

    // For tests and the headless export.
    Dashboard* dashboard() const { return m_dashboard; }
    StageLayout* stageLayout() const { return m_stageLayout; }
    PredictionSketch* predictionSketch() const { return m_sketch; }
    AudienceReadout* audienceReadout() const { return m_readout; }
    HistoryScrubber* scrubber() const { return m_scrubber; }
    ControlPanel* controls() const { return m_controls; }
    int runCount() const { return m_runs.size(); }
    TrainingSession& session(int run = 0) { return m_runs.session(run); }
    const RunHistory& history(int run = 0) const { return m_runs.history(run); }
    SnapshotPtr shownSnapshot(int run = 0) const { return m_runs.shownSnapshot(run); }
    // The configuration as it stands: the loaded one with every run's live settings and the lecture
    // settings the window shows (speed, time axis, panels; what Save writes).
    RunConfig config() const;
    // Every run with its history and shown snapshot; empty until each run has shown one.
    RunViews runViews() const;

public slots:
    void toggleRunning();
    void stepOnce();
    void resetRun();

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void createMenus();
    void connectControls();
    void refresh();
    void showRuns();
    void makeDivergenceNotices();
    void countFrame();
    void openPreset();
    void savePreset();
    void showEveryPlot(); // hidden ones too, before an export
    void exportDashboard();
    void exportPlot(LivePlot* plot);
    void copyDashboard();
    void exportHistory();
    void restoreSettings();
    void connectStage();
    void fitStage();
    void zoomPanelUnderMouse();

    RunGroup m_runs;
    RunConfig m_config; // as loaded
    ControlPanel* m_controls;
    Dashboard* m_dashboard;
    ComparisonStrip* m_strip;
    QVBoxLayout* m_noticeColumn;
    QList<DivergenceNotice*> m_notices; // one per run
    AudienceReadout* m_readout;
    StageLayout* m_stageLayout;
    PredictionSketch* m_sketch;
    StageActions* m_stage;
    RunStatusBar* m_status;
    HistoryScrubber* m_scrubber; // the step slider: the present, or every run at an earlier step
    QTimer m_displayTimer;
    QElapsedTimer m_fpsClock;
    int m_frames = 0;
    bool m_presentation = false;
    Theme m_theme;
    Theme m_themeBeforePresentation;
    bool m_readoutBeforePresentation = false;
    double m_stageScale = 0; // of the theme presentation mode shows; 0 outside it
};

} // namespace rankscope
