// RunGroup: the runs on screen — one TrainingSession per run of a configuration (common/comparison.h):
// a single run, or up to four side by side that start from the same data and the same initial
// weights (same seed, data and model) and differ in train.* / metrics.* settings. For each run it
// keeps the snapshot shown and the bounded RunHistory of those shown; poll() takes the newest.
//
// Live settings have one source: what each session publishes with its snapshots. A change asked for
// with setTrainConfig() is pending until a snapshot carries it; meanwhile liveTrain() answers with it.
// Otherwise a run's settings are its shown snapshot's, and when they change in the session (a
// rollback lowers lr) trainPublished() tells the knobs.
//
// Each session trains on its own thread, so the runs share the CPU through the operating system's
// scheduler: each gets an equal share of time and makes the steps its batch size allows (each
// snapshot reports its steps/s). Start, pause, step and reset act on every run together, so the
// runs stay comparable in wall time; live settings change per run. A run that diverges stops
// itself; when every run has, the group is no longer running and Start is refused until a rollback
// or a reset. A run that pauses itself at a step of lecture.pause_at pauses the others with it. Sessions are
// kept across loads, so a run whose data recipe did not change does not rebuild its data. Leaves out: drawing
// (the GUI's business) and the headless runner's files.
#pragma once

#include "common/comparison.h"
#include "common/result.h"
#include "session/run_history.h"
#include "session/training_session.h"

#include <QObject>
#include <memory>
#include <optional>
#include <vector>

namespace rankscope {

class RunGroup : public QObject {
    Q_OBJECT
public:
    // Each run's history keeps `historyCapacity` points per series, `spectrumCapacity` spectra.
    explicit RunGroup(int historyCapacity = 4096, int spectrumCapacity = 512, QObject* parent = nullptr);
    ~RunGroup() override;

    // Starts fresh, paused runs of `config`; fails (changing nothing) if its comparison is invalid.
    Status load(const RunConfig& config);

    int size() const { return static_cast<int>(m_runs.size()); }
    const ComparisonRun& run(int index) const { return m_runs[index]; } // as loaded
    TrainingSession& session(int index) { return *m_runs[index].session; }
    const RunHistory& history(int index) const { return m_runs[index].history; }
    SnapshotPtr shownSnapshot(int index) const { return m_runs[index].shown; }
    bool everyRunShown() const; // each run has shown a snapshot

    // Takes each run's newest snapshot into its history; true if any changed.
    bool poll();

    bool isRunning() const { return m_running; }
    // Starts or pauses every run; refuses to start (returns false) when every run has diverged.
    bool toggleRunning();
    void setRunning(bool running);
    void step(int count = 1);                  // pauses
    void reset();                              // pauses and clears the histories
    void rollBack(int index, double lrFactor); // TrainingSession::rollBack; that run stays paused
    void setMaxStepsPerSecond(double stepsPerSecond);

    // A run's live settings: the pending change, else its shown snapshot's, else as loaded.
    TrainConfig liveTrain(int index) const;
    void setTrainConfig(int index, const TrainConfig& train);
    // The loaded configuration with every run's live settings (what saving writes).
    RunConfig config() const;

signals:
    void loadFailed(int index, const QString& message);
    void runningChanged(bool running);
    // A run's settings changed in its session, not by setTrainConfig() (a rollback lowered lr).
    void trainPublished(int index, const rankscope::TrainConfig& train);

private:
    struct Run : ComparisonRun {
        std::unique_ptr<TrainingSession> session;
        RunHistory history;
        SnapshotPtr shown;
        std::optional<TrainConfig> pendingTrain; // asked for, not yet published
    };
    bool everyRunDiverged() const;
    void setRunningState(bool running);

    RunConfig m_config;
    std::vector<Run> m_runs;
    int m_historyCapacity;
    int m_spectrumCapacity;
    // What was last asked for: Start/Pause toggles this, not the shown snapshots' state, which lags
    // a request by a frame (Start right after Step must start).
    bool m_running = false;
};

} // namespace rankscope
