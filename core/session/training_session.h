// TrainingSession: runs a Trainer on a background thread and publishes Snapshots.
//
// Threading follows Qt's Mandelbrot example (qtbase/examples/corelib/threads/mandelbrot): requests
// from the GUI are copied in under m_mutex, the training runs without the lock, results go out as
// immutable values, and the destructor aborts, wakes and waits. Flags read outside the lock are atomic.
//
//  * Every public method is thread-safe and returns at once; the worker applies requests between two
//    steps, never inside one. Changes to batch size, lr, weight decay, momentum or full-batch mode are
//    recorded as ChangeEvents {step, name, old, new}, a burst of them (a slider drag) as one
//    (session/change_log.h). A run pauses by itself at the steps of its lecture.pause_at.
//  * Snapshots are captured at a bounded, time-based rate (at most 45 Hz) as cheap copies and analysed
//    (SVDs, test metrics) on a second thread, the AnalysisWorker, so training never waits for an SVD.
//    The GUI polls latestSnapshot() on its own timer; it never waits on training, and training never
//    waits on the GUI (a slow GUI or analysis simply skips snapshots).
//  * A run that diverges (NaN/Inf) stops in the Diverged state; its snapshots carry the step and the
//    likely cause (nn/divergence_diagnosis.h). rollBack() returns to the last healthy state kept at
//    snapshot time (session/rollback_point.h) with a lower learning rate.
//  * Building data (load()) happens on the worker too, so even loading Fashion-MNIST never blocks
//    the GUI; a failure is reported by loadFailed(message).
#pragma once

#include "common/run_config.h"
#include "session/change_log.h"
#include "session/rollback_point.h"
#include "session/snapshot.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <memory>
#include <optional>

namespace rankscope {

class AnalysisWorker;
class Trainer;
class SnapshotBuilder;
struct DataSplit;

class TrainingSession : public QThread {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    // Starts a fresh, paused run of `config` (rebuilding the data only if its recipe changed).
    void load(const RunConfig& config);
    // Restarts the current configuration from step 0 (same data, same initial weights), paused.
    void reset();
    void setRunning(bool running);
    void step(int count = 1); // runs `count` steps, then pauses
    // Live hyper-parameters; take effect at the next step and are recorded as change events.
    void setTrainConfig(const TrainConfig& train);
    // Returns to the rollback point (Snapshot::rollbackStep; ignored if there is none) — weights,
    // momentum, batch order and counters — with lr multiplied by lrFactor (> 0), recorded as an lr
    // change event there; change events after that step are dropped with the steps they belonged to.
    // Leaves the Diverged state and stays paused.
    void rollBack(double lrFactor);
    // Upper bound on training speed; 0 means as fast as possible.
    void setMaxStepsPerSecond(double stepsPerSecond);
    // The share of one core the analysis thread may use (AnalysisWorker::setDutyCycle); runs shown
    // side by side split the default 3/4 between them.
    void setAnalysisShare(double share);

    SnapshotPtr latestSnapshot() const;

signals:
    void loadFailed(const QString& message);

protected:
    void run() override;

private:
    struct Requests; // pending requests, guarded by m_mutex
    void applyRequests(Requests& requests);
    void rebuild(const RunConfig& config);
    void applyTrainConfig(const TrainConfig& train); // records the changes from the trainer's settings
    void rollBackTo(double lrFactor);
    void publish();
    void store(SnapshotPtr snapshot); // called on the analysis thread
    void trainBurst(double deadlineSeconds);
    bool hasWork() const;
    void notify();
    void sleepFor(double seconds);

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    std::unique_ptr<Requests> m_requests;
    std::atomic<bool> m_abort{false};
    std::atomic<bool> m_requestPending{false};

    mutable QMutex m_snapshotMutex; // guards only the pointer swap of m_latest
    SnapshotPtr m_latest;

    // Worker-thread state.
    RunConfig m_config;
    std::shared_ptr<const DataSplit> m_data;
    std::unique_ptr<Trainer> m_trainer;
    std::shared_ptr<const SnapshotBuilder> m_builder;
    std::unique_ptr<AnalysisWorker> m_analysis;
    ChangeLog m_changes;
    RollbackPoint m_rollbackPoint;
    bool m_running = false;
    int m_stepsToRun = 0;
    double m_maxStepsPerSecond = 0;
    QElapsedTimer m_paceClock; // paces steps when m_maxStepsPerSecond > 0
    double m_nextStepAt = 0;   // seconds on m_paceClock
    double m_trainingSeconds = 0;
    double m_stepsPerSecond = 0;
};

} // namespace rankscope
