// MainWindow: wires the control panel, the dashboard, the status bar and the training session
// together, and owns the menus, shortcuts, settings and presentation mode. It holds no plotting or
// training logic: plots are in plots/, training in core/session.
//
// Display loop: a 20 ms timer takes the session's newest snapshot (if it changed), appends it to the
// bounded RunHistory and lets the dashboard replot (queued). The GUI never waits on training.
#pragma once

#include "common/run_config.h"
#include "session/run_history.h"
#include "session/training_session.h"
#include "theme.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

namespace rankscope {

class ControlPanel;
class Dashboard;
class LivePlot;
class RunStatusBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const RunConfig& initial, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts a fresh, paused run of `config` (a preset, a loaded file or new model/data settings).
    void loadConfig(const RunConfig& config);
    void setTheme(const Theme& theme);
    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }

    // For tests and the headless export.
    Dashboard* dashboard() const { return m_dashboard; }
    ControlPanel* controls() const { return m_controls; }
    TrainingSession& session() { return m_session; }
    const RunHistory& history() const { return m_history; }
    SnapshotPtr shownSnapshot() const { return m_shown; }
    const RunConfig& config() const { return m_config; }

public slots:
    void toggleRunning();
    void stepOnce();
    void resetRun();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void connectControls();
    void refresh();
    void countFrame();
    void openPreset();
    void savePreset();
    void exportDashboard();
    void exportPlot(LivePlot* plot);
    void copyDashboard();
    void exportHistory();
    void restoreSettings();

    TrainingSession m_session;
    // 300 points per series (400 heat-map columns): smooth at dashboard size, and it bounds the replot
    // cost of a long run (measured: a frame over 4,096-point series took 3-5x longer).
    RunHistory m_history{300, 400};
    RunConfig m_config;
    SnapshotPtr m_shown;
    ControlPanel* m_controls;
    Dashboard* m_dashboard;
    RunStatusBar* m_status;
    QTimer m_displayTimer;
    QElapsedTimer m_fpsClock;
    int m_frames = 0;
    bool m_presentation = false;
    Theme m_theme;
    Theme m_themeBeforePresentation;
};

} // namespace rankscope
