// CheckpointAnalyzer: the window's run source for checkpoints written elsewhere (`rankscope --open`,
// `--watch`). A thread of its own reads and analyses the checkpoints it is given one after another
// (checkpoint_replay.h, whose analysis uses every core) and hands out each as a Snapshot
// (checkpoint_snapshot.h), joined with the run folder's metrics.csv row of its step; the GUI thread
// never reads a file or computes an SVD. Progress counts the checkpoints given since the queue was
// last empty; cancel() drops the queue and stops the checkpoint in progress between two matrices.
// Same shape as AnalysisWorker (Qt's Mandelbrot example): requests copied in under a mutex, work
// done without it, the destructor aborts and waits. Results go out under the same mutex too
// (resultsReady(), then takeResults()), not as arguments of queued signals: their hand-over through
// Qt's event queue happens inside libQt6Core, where ThreadSanitizer cannot see it.
#pragma once

#include "io/checkpoint_list.h"
#include "io/weight_matrices.h"
#include "session/snapshot.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <deque>

namespace rankscope {

// One analysed checkpoint: its snapshot, or why it could not be analysed.
struct CheckpointResult {
    CheckpointFile file;
    SnapshotPtr snapshot; // null on failure
    QString error;        // one line naming the file: unreadable, or not like the first one
};

class CheckpointAnalyzer : public QThread {
    Q_OBJECT
public:
    // `runFolder`: where metrics.csv is, or empty for checkpoints without one. Ranks use a RankScope
    // run's default convention (MetricsConfig).
    CheckpointAnalyzer(TensorExclusion exclusion, QString runFolder, QObject* parent = nullptr);
    ~CheckpointAnalyzer() override;

    // Queues checkpoints, to be analysed in order after those already queued.
    void enqueue(const QList<CheckpointFile>& files);
    // Drops every queued checkpoint and stops the one in progress; emits cancelled() once stopped.
    void cancel();
    // The results since the last call, in the order the checkpoints were analysed.
    std::vector<CheckpointResult> takeResults();

signals:
    void resultsReady();                // takeResults() has at least one
    void progress(int done, int total); // checkpoints since the queue was last empty
    void cancelled();
    void idle(); // the queue is empty

protected:
    void run() override;

private:
    void analyze(const CheckpointFile& file);

    TensorExclusion m_exclusion;
    QString m_runFolder;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<CheckpointFile> m_queue;      // guarded by m_mutex
    std::vector<CheckpointResult> m_results; // guarded by m_mutex
    int m_done = 0, m_total = 0;             // guarded by m_mutex
    bool m_abort = false;                    // guarded by m_mutex
    std::atomic<bool> m_cancel{false};       // read by the analysis between matrices
};

} // namespace rankscope
