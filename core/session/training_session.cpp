#include "session/training_session.h"

#include "data/data_factory.h"
#include "nn/trainer.h"
#include "session/analysis_worker.h"
#include "session/snapshot_builder.h"
#include "session/thread_priority.h"

#include <QElapsedTimer>
#include <QMutexLocker>
#include <algorithm>
#include <cmath>
#include <new>

namespace rankscope {
namespace {

constexpr double kPublishInterval = 1.0 / 45; // seconds between captures, at least
constexpr double kPaceSlack = 0.02;           // seconds of lag a paced run may catch up

bool sameDataRecipe(const RunConfig& a, const RunConfig& b) {
    return a.data == b.data && a.seed == b.seed;
}

} // namespace

struct TrainingSession::Requests {
    std::optional<RunConfig> load;
    bool reset = false;
    std::optional<bool> running;
    int steps = 0;
    std::optional<TrainConfig> train;
    std::optional<double> rollBackLrFactor;
    std::optional<double> maxStepsPerSecond;
};

TrainingSession::TrainingSession(QObject* parent)
    : QThread(parent)
    , m_requests(std::make_unique<Requests>())
    , m_analysis(
          std::make_unique<AnalysisWorker>([this](SnapshotPtr snapshot) { store(std::move(snapshot)); })) {}

TrainingSession::~TrainingSession() {
    {
        QMutexLocker lock(&m_mutex);
        m_abort = true;
        m_wake.wakeOne();
    }
    wait();
    m_analysis.reset(); // stops the analysis thread before the members its callback touches go away
}

void TrainingSession::notify() {
    m_requestPending = true;
    m_wake.wakeOne();
    if (!isRunning()) {
        // Started from here, not from the training thread, so that it keeps the normal priority.
        m_analysis->startIfIdle();
        start();
    }
}

void TrainingSession::load(const RunConfig& config) {
    QMutexLocker lock(&m_mutex);
    *m_requests = Requests{};
    m_requests->load = config;
    notify();
}

void TrainingSession::reset() {
    QMutexLocker lock(&m_mutex);
    m_requests->reset = true;
    m_requests->running = false;
    m_requests->steps = 0;
    notify();
}

void TrainingSession::setRunning(bool running) {
    QMutexLocker lock(&m_mutex);
    m_requests->running = running;
    notify();
}

void TrainingSession::step(int count) {
    QMutexLocker lock(&m_mutex);
    m_requests->running = false;
    m_requests->steps += count;
    notify();
}

void TrainingSession::setTrainConfig(const TrainConfig& train) {
    QMutexLocker lock(&m_mutex);
    m_requests->train = train;
    notify();
}

void TrainingSession::rollBack(double lrFactor) {
    if (!(lrFactor > 0) || !std::isfinite(lrFactor))
        return;
    QMutexLocker lock(&m_mutex);
    m_requests->rollBackLrFactor = lrFactor;
    m_requests->running = false;
    m_requests->steps = 0;
    notify();
}

void TrainingSession::setAnalysisShare(double share) {
    m_analysis->setDutyCycle(share);
}

void TrainingSession::setMaxStepsPerSecond(double stepsPerSecond) {
    QMutexLocker lock(&m_mutex);
    m_requests->maxStepsPerSecond = stepsPerSecond;
    notify();
}

SnapshotPtr TrainingSession::latestSnapshot() const {
    QMutexLocker lock(&m_snapshotMutex);
    return m_latest;
}

void TrainingSession::run() {
    lowerCurrentThreadPriority(kTrainingNiceness);
    QElapsedTimer sincePublish;
    sincePublish.start();
    m_paceClock.start();
    while (!m_abort) {
        if (m_requestPending) {
            Requests requests;
            {
                QMutexLocker lock(&m_mutex);
                std::swap(requests, *m_requests);
                m_requestPending = false;
            }
            applyRequests(requests);
            publish();
            sincePublish.restart();
        }
        if (!hasWork()) {
            QMutexLocker lock(&m_mutex);
            if (!m_requestPending && !m_abort)
                m_wake.wait(&m_mutex);
            continue;
        }
        trainBurst(kPublishInterval - sincePublish.nsecsElapsed() * 1e-9);
        if (sincePublish.nsecsElapsed() * 1e-9 >= kPublishInterval || !hasWork()) {
            publish();
            sincePublish.restart();
        }
    }
}

bool TrainingSession::hasWork() const {
    return m_trainer && !m_trainer->diverged() && (m_running || m_stepsToRun > 0);
}

void TrainingSession::applyRequests(Requests& requests) {
    if (requests.load)
        rebuild(*requests.load);
    else if (requests.reset && m_trainer)
        rebuild(m_config);
    if (requests.rollBackLrFactor && m_trainer && m_rollbackPoint.available())
        rollBackTo(*requests.rollBackLrFactor);
    if (requests.train && m_trainer)
        applyTrainConfig(*requests.train);
    if (requests.maxStepsPerSecond)
        m_maxStepsPerSecond = std::max(0.0, *requests.maxStepsPerSecond);
    if (requests.running)
        m_running = *requests.running;
    m_stepsToRun += requests.steps;
}

void TrainingSession::rebuild(const RunConfig& config) {
    if (const QString problem = config.validate(); !problem.isEmpty()) {
        emit loadFailed(problem);
        return;
    }
    // validate() bounds every size, but a smaller machine may still run out of memory here; nothing
    // may throw across the thread, so the exception ends at this boundary as a message.
    try {
        std::shared_ptr<const DataSplit> data = m_data;
        if (!data || !sameDataRecipe(config, m_config)) {
            Result<DataSplit> built = makeDataSplit(config);
            if (!built) {
                emit loadFailed(built.error());
                return;
            }
            data = std::make_shared<const DataSplit>(std::move(built).value());
        }
        auto trainer = std::make_unique<Trainer>(config, data);
        m_builder = std::make_shared<const SnapshotBuilder>(*trainer);
        m_trainer = std::move(trainer);
        m_data = std::move(data);
        m_config = config;
    } catch (const std::bad_alloc&) {
        m_trainer.reset();
        m_builder.reset();
        emit loadFailed("out of memory building the data and the network: lower data.train_size, "
                        "data.input_dim or model.hidden");
        return;
    }
    m_changes.clear();
    m_rollbackPoint.clear();
    m_running = false;
    m_stepsToRun = 0;
    m_trainingSeconds = 0;
    m_stepsPerSecond = 0;
}

void TrainingSession::applyTrainConfig(const TrainConfig& train) {
    m_changes.record(m_trainer->steps(), m_trainer->trainConfig(), train, m_paceClock.nsecsElapsed() * 1e-9);
    m_config.train = train;
    m_trainer->setTrainConfig(train);
}

void TrainingSession::rollBackTo(double lrFactor) {
    TrainConfig train = m_config.train; // the settings that diverged, with a lower lr
    train.lr *= lrFactor;
    m_trainer->restore(m_rollbackPoint.checkpoint());
    const std::int64_t step = m_trainer->steps();
    m_changes.dropAfter(step);
    applyTrainConfig(train);
    m_running = false;
    m_stepsToRun = 0;
}

void TrainingSession::sleepFor(double seconds) {
    QMutexLocker lock(&m_mutex);
    if (!m_requestPending && !m_abort)
        m_wake.wait(&m_mutex,
                    QDeadlineTimer(static_cast<qint64>(std::ceil(seconds * 1000)))); // 0 ms would spin
}

void TrainingSession::trainBurst(double budgetSeconds) {
    QElapsedTimer clock;
    clock.start();
    int steps = 0;
    while (!m_abort && !m_requestPending && hasWork()) {
        const double elapsed = clock.nsecsElapsed() * 1e-9;
        if (elapsed >= budgetSeconds && steps > 0)
            break;
        if (m_maxStepsPerSecond > 0) { // lecture pace: one step per 1/cap seconds on average
            const double now = m_paceClock.nsecsElapsed() * 1e-9;
            const double wait = m_nextStepAt - now;
            if (wait > 0) {
                const double nap = std::min(wait, std::max(budgetSeconds - elapsed, 0.001));
                sleepFor(nap);
                if (wait > nap)
                    break;
                continue;
            }
            // A late wake-up (a busy machine sleeps a millisecond or more) is made up within
            // kPaceSlack, too short to see between two frames; longer stalls are not caught up.
            m_nextStepAt = std::max(m_nextStepAt, now - kPaceSlack) + 1 / m_maxStepsPerSecond;
        }
        if (!m_trainer->step()) {
            m_running = false;
            m_stepsToRun = 0;
            break;
        }
        ++steps;
        if (m_stepsToRun > 0)
            --m_stepsToRun;
        if (std::binary_search(m_config.lecture.pause_at.begin(), m_config.lecture.pause_at.end(),
                               m_trainer->steps())) {
            m_running = false; // a lecture's pause: the lecturer talks, then presses Start
            break;
        }
    }
    const double seconds = clock.nsecsElapsed() * 1e-9;
    m_trainingSeconds += seconds;
    if (steps > 0 && seconds > 0) {
        const double rate = steps / seconds;
        m_stepsPerSecond = m_stepsPerSecond > 0 ? 0.7 * m_stepsPerSecond + 0.3 * rate : rate;
    }
}

void TrainingSession::publish() {
    if (!m_trainer)
        return;
    m_rollbackPoint.offer(*m_trainer);
    TrainingCapture capture = SnapshotBuilder::capture(*m_trainer);
    Snapshot& snapshot = capture.snapshot;
    snapshot.wallSeconds = m_trainingSeconds;
    snapshot.stepsPerSecond = hasWork() ? m_stepsPerSecond : 0;
    if (!m_trainer->diverged())
        snapshot.state = m_running ? RunState::Running : RunState::Paused;
    snapshot.rollbackStep = m_rollbackPoint.step();
    snapshot.events = m_changes.events();
    m_analysis->submit(m_builder, std::move(capture), kLiveTestSamples);
}

void TrainingSession::store(SnapshotPtr snapshot) {
    QMutexLocker lock(&m_snapshotMutex);
    m_latest = std::move(snapshot);
}

} // namespace rankscope
