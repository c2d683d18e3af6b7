#include "session/analysis_worker.h"

#include <QMutexLocker>
#include <algorithm>
#include <ctime>

namespace rankscope {
namespace {

// The CPU time this thread has used: the duty cycle counts what an analysis cost, not how long a
// busy machine kept it waiting (resting for that too would starve the display of snapshots).
double threadCpuNanoseconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e9 + static_cast<double>(now.tv_nsec);
}

} // namespace

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
        const double cpuBefore = threadCpuNanoseconds();
        m_publish(std::make_shared<const Snapshot>(
            job->builder->analyze(std::move(job->capture), job->maxTestSamples)));
        restNanoseconds = static_cast<qint64>((threadCpuNanoseconds() - cpuBefore) * (1 / m_dutyCycle - 1));
    }
}

} // namespace rankscope
