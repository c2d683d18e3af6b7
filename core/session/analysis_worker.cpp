#include "session/analysis_worker.h"

#include <QElapsedTimer>
#include <QMutexLocker>
#include <algorithm>

namespace rankscope {

AnalysisWorker::AnalysisWorker(Publish publish, QObject* parent)
    : QThread(parent)
    , m_publish(std::move(publish)) {}

AnalysisWorker::~AnalysisWorker() {
    {
        QMutexLocker lock(&m_mutex);
        m_abort = true;
        m_wake.wakeOne();
    }
    wait();
}

void AnalysisWorker::submit(std::shared_ptr<const SnapshotBuilder> builder, TrainingCapture capture,
                            int maxTestSamples) {
    QMutexLocker lock(&m_mutex);
    m_pending = Job{std::move(builder), std::move(capture), maxTestSamples};
    m_wake.wakeOne();
    startIfIdle();
}

void AnalysisWorker::startIfIdle() {
    if (!isRunning())
        start();
}

void AnalysisWorker::setDutyCycle(double share) {
    m_dutyCycle = std::clamp(share, 0.01, 1.0);
}

void AnalysisWorker::run() {
    qint64 restNanoseconds = 0;
    while (!m_abort) {
        std::optional<Job> job;
        {
            QMutexLocker lock(&m_mutex);
            // Keep to the duty cycle; newer captures may replace the pending one meanwhile.
            const QDeadlineTimer rest(restNanoseconds / 1'000'000);
            while (!m_abort && !rest.hasExpired())
                m_wake.wait(&m_mutex, rest);
            if (!m_pending && !m_abort)
                m_wake.wait(&m_mutex);
            std::swap(job, m_pending);
        }
        if (!job || m_abort)
            continue;
        QElapsedTimer cost;
        cost.start();
        m_publish(std::make_shared<const Snapshot>(
            job->builder->analyze(std::move(job->capture), job->maxTestSamples)));
        restNanoseconds = static_cast<qint64>(cost.nsecsElapsed() * (1 / m_dutyCycle - 1));
    }
}

} // namespace rankscope
