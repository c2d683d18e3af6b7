// AnalysisWorker: the session's second thread. It turns TrainingCaptures (cheap copies taken on the
// training thread) into Snapshots — singular values, test metrics, null-space norm — so that the
// training thread never waits for an SVD. One mailbox slot, latest wins: a capture still waiting
// when a newer one arrives is dropped, so a slow analysis lowers the snapshot rate, never the
// training speed. It also keeps to a duty cycle, by default 3/4 of a core (after an analysis that used
// t of CPU time it rests for t/3), so on a two-core laptop the GUI thread always finds CPU time to paint;
// runs compared side by side split that share between them (setDutyCycle). Same shape as the training thread
// (Qt's Mandelbrot example): requests copied in under a mutex, work done without it, results handed out as
// values, the destructor aborts and waits.
#pragma once

#include "session/snapshot_builder.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace rankscope {

class AnalysisWorker : public QThread {
    Q_OBJECT
public:
    using Publish = std::function<void(SnapshotPtr)>;

    // `publish` is called on the worker thread with every finished snapshot, in submission order.
    explicit AnalysisWorker(Publish publish, QObject* parent = nullptr);
    ~AnalysisWorker() override;

    // Queues a capture for analysis, replacing one still waiting. Never blocks on the analysis.
    void submit(std::shared_ptr<const SnapshotBuilder> builder, TrainingCapture capture, int maxTestSamples);

    // Starts the thread (it inherits the caller's priority); submit() does so too if needed.
    void startIfIdle();

    // The share of one core the analysis may use, in (0, 1]; takes effect after the current analysis.
    void setDutyCycle(double share);
    static constexpr double kDefaultDutyCycle = 0.75;

protected:
    void run() override;

private:
    struct Job {
        std::shared_ptr<const SnapshotBuilder> builder;
        TrainingCapture capture;
        int maxTestSamples = 0;
    };

    Publish m_publish;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::optional<Job> m_pending; // guarded by m_mutex
    std::atomic<bool> m_abort{false};
    std::atomic<double> m_dutyCycle{kDefaultDutyCycle};
};

} // namespace rankscope
