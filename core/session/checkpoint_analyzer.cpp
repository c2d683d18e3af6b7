#include "session/checkpoint_analyzer.h"

#include "common/run_config.h"
#include "session/checkpoint_replay.h"
#include "session/checkpoint_snapshot.h"

#include <QMutexLocker>
#include <memory>
#include <optional>
#include <utility>

namespace rankscope {

CheckpointAnalyzer::CheckpointAnalyzer(TensorExclusion exclusion, QString runFolder, QObject* parent)
    : QThread(parent)
    , m_exclusion(std::move(exclusion))
    , m_runFolder(std::move(runFolder)) {}

CheckpointAnalyzer::~CheckpointAnalyzer() {
    {
        QMutexLocker lock(&m_mutex);
        m_abort = true;
        m_cancel = true;
        m_wake.wakeOne();
    }
    wait();
}

void CheckpointAnalyzer::enqueue(const QList<CheckpointFile>& files) {
    QMutexLocker lock(&m_mutex);
    m_queue.insert(m_queue.end(), files.begin(), files.end());
    m_total += static_cast<int>(files.size());
    m_wake.wakeOne();
    if (!isRunning())
        start();
}

void CheckpointAnalyzer::cancel() {
    QMutexLocker lock(&m_mutex);
    m_queue.clear();
    m_cancel = true;
}

std::vector<CheckpointResult> CheckpointAnalyzer::takeResults() {
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_results, {});
}

void CheckpointAnalyzer::run() {
    const MetricsConfig convention;
    CheckpointReplay replay(m_exclusion, convention.rank_eps, convention.rank_norm);
    RunMetricsFile metrics(m_runFolder);
    for (;;) {
        CheckpointFile file;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_abort)
                m_wake.wait(&m_mutex);
            if (m_abort)
                return;
            file = m_queue.front();
            m_queue.pop_front();
            m_cancel = false; // a cancel() from now on concerns this checkpoint
        }
        Result<CheckpointPoint> point = replay.analyze(file, m_cancel);
        const bool stopped = !point && m_cancel;
        std::optional<CheckpointResult> result;
        if (point)
            result = CheckpointResult{file,
                                      std::make_shared<const Snapshot>(checkpointSnapshot(
                                          point.value(), replay.matrixNames(), metrics.row(point->step))),
                                      {}};
        else if (!stopped)
            result = CheckpointResult{file, nullptr, point.error()};
        int done = 0, total = 0;
        bool empty = false;
        {
            QMutexLocker lock(&m_mutex);
            if (result)
                m_results.push_back(std::move(*result));
            if (m_cancel)
                m_done = m_total = 0;
            else
                ++m_done;
            done = m_done;
            total = m_total;
            if ((empty = m_queue.empty()))
                m_done = m_total = 0;
        }
        if (result)
            emit resultsReady();
        else if (stopped)
            emit cancelled();
        if (total > 0)
            emit progress(done, total);
        if (empty)
            emit idle();
    }
}

} // namespace rankscope
