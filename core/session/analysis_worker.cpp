#include "session/analysis_worker.h"

#include <QMutexLocker>

namespace rankscope {

AnalysisWorker::AnalysisWorker(Publish publish, QObject* parent) : QThread(parent), m_publish(std::move(publish)) {}

AnalysisWorker::~AnalysisWorker() {
    {
        QMutexLocker lock(&m_mutex);
        m_abort = true;
        m_wake.wakeOne();
    }
    wait();
}

void AnalysisWorker::submit(std::shared_ptr<const SnapshotBuilder> builder, TrainingCapture capture, int maxTestSamples) {
    QMutexLocker lock(&m_mutex);
    m_pending = Job{std::move(builder), std::move(capture), maxTestSamples};
    m_wake.wakeOne();
    if (!isRunning())
        start();
}

void AnalysisWorker::run() {
    while (!m_abort) {
        std::optional<Job> job;
        {
            QMutexLocker lock(&m_mutex);
            if (!m_pending && !m_abort)
                m_wake.wait(&m_mutex);
            std::swap(job, m_pending);
        }
        if (job && !m_abort)
            m_publish(std::make_shared<const Snapshot>(job->builder->analyze(std::move(job->capture), job->maxTestSamples)));
    }
}

} // namespace rankscope
