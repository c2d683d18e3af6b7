// CheckpointWindow: the window for networks RankScope did not train (`rankscope --open PATH`,
// `rankscope --watch DIR`): the same dashboard as a training, fed by a CheckpointAnalyzer (its own
// thread, every core) instead of a trainer, with the history scrubber to step through the
// checkpoints, a progress row with Cancel, and one message line for what went wrong (a pickle, a
// malformed file), after which the window stays usable. Watching, it follows DIR as checkpoints
// arrive (session/checkpoint_watcher.h), its lr and weight-decay knobs write DIR/control.json, and
// the changes the training applied (DIR/events.csv) are drawn as change markers; a change the
// training could not apply is shown on the knobs (session/probe_control.h).
// Wiring only: the analysis is core/session's, the plots are the dashboard's.
#pragma once

#include "session/run_history.h"
#include "session/snapshot.h"

#include <QMainWindow>
#include <QStringList>
#include <QTimer>
#include <memory>

class QLabel;

namespace rankscope {

class AnalysisProgress;
class CheckpointAnalyzer;
class CheckpointWatcher;
class Dashboard;
class HistoryScrubber;
class ProbeControl;
class ProbeKnobs;
struct CheckpointFile;

struct CheckpointSource {
    QString path;         // --open: a run folder, a checkpoint folder or one file; --watch: the folder
    bool watch = false;   // follow the folder as checkpoints arrive
    QStringList excludes; // wildcards of tensor names to leave out
};

class CheckpointWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit CheckpointWindow(const CheckpointSource& source, QWidget* parent = nullptr);
    ~CheckpointWindow() override;

    // For tests and screenshots.
    Dashboard* dashboard() const { return m_dashboard; }
    HistoryScrubber* scrubber() const { return m_scrubber; }
    AnalysisProgress* progress() const { return m_progress; }
    ProbeKnobs* knobs() const { return m_knobs; } // null unless watching
    const RunHistory& history() const { return m_history; }
    QString message() const; // the last problem shown, or empty
    int checkpointsShown() const { return m_history.meanRank.size(); }

private:
    void createMenus();
    void start();
    void startAnalyzer(const QString& runFolder);
    void showAnalysed(const SnapshotPtr& snapshot);
    void showFailure(const CheckpointFile& file, const QString& message);
    void showMessage(const QString& text);
    void showRuns();

    CheckpointSource m_source;
    RunHistory m_history;
    SnapshotPtr m_latest;
    std::unique_ptr<CheckpointAnalyzer> m_analyzer;
    CheckpointWatcher* m_watcher = nullptr;
    ProbeControl* m_control = nullptr;
    Dashboard* m_dashboard;
    HistoryScrubber* m_scrubber;
    AnalysisProgress* m_progress;
    QLabel* m_message;
    ProbeKnobs* m_knobs = nullptr;
    QTimer m_display; // coalesces a burst of small checkpoints into one frame
};

} // namespace rankscope
