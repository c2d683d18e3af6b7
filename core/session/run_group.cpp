#include "session/run_group.h"

#include "session/analysis_worker.h"

#include <algorithm>

namespace rankscope {

RunGroup::RunGroup(int historyCapacity, int spectrumCapacity, QObject* parent)
    : QObject(parent)
    , m_historyCapacity(historyCapacity)
    , m_spectrumCapacity(spectrumCapacity) {}

RunGroup::~RunGroup() = default;

Status RunGroup::load(const RunConfig& config) {
    Result<std::vector<ComparisonRun>> runs = comparisonRuns(config);
    if (!runs)
        return Status::failure(runs.error());
    m_config = config;
    const std::size_t count = runs.value().size();
    m_runs.resize(count); // a removed session's destructor stops its threads
    for (std::size_t i = 0; i < count; ++i) {
        Run& run = m_runs[i];
        static_cast<ComparisonRun&>(run) = std::move(runs.value()[i]);
        if (!run.session) {
            run.session = std::make_unique<TrainingSession>();
            connect(run.session.get(), &TrainingSession::loadFailed, this,
                    [this, i](const QString& message) { emit loadFailed(static_cast<int>(i), message); });
        }
        run.history = RunHistory(m_historyCapacity, m_spectrumCapacity);
        run.shown = nullptr;
        run.pendingTrain.reset();
        run.session->load(run.config);
        run.session->setAnalysisShare(AnalysisWorker::kDefaultDutyCycle / static_cast<double>(count));
    }
    setRunningState(false);
    return success();
}

bool RunGroup::everyRunShown() const {
    return std::all_of(m_runs.begin(), m_runs.end(), [](const Run& run) { return run.shown != nullptr; });
}

bool RunGroup::everyRunDiverged() const {
    return !m_runs.empty() && std::all_of(m_runs.begin(), m_runs.end(), [](const Run& run) {
        return run.shown && run.shown->state == RunState::Diverged;
    });
}

bool RunGroup::poll() {
    bool changed = false;
    bool lecturePause = false; // a run paused itself at a step of lecture.pause_at
    const std::vector<int>& pauses = m_config.lecture.pause_at;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        Run& run = m_runs[i];
        const SnapshotPtr snapshot = run.session->latestSnapshot();
        if (!snapshot || snapshot == run.shown)
            continue;
        const SnapshotPtr previous = std::exchange(run.shown, snapshot);
        run.history.append(*snapshot);
        changed = true;
        // Only on arriving at the step: the session publishes its paused state again when the group
        // pauses the others, and that copy must not pause a Start pressed after it.
        const bool arrived = !previous || previous->step != snapshot->step;
        lecturePause = lecturePause || (arrived && snapshot->state == RunState::Paused &&
                                        std::binary_search(pauses.begin(), pauses.end(), snapshot->step));
        if (run.pendingTrain) {
            if (snapshot->train == *run.pendingTrain)
                run.pendingTrain.reset();
        } else if (previous && snapshot->train != previous->train) {
            emit trainPublished(static_cast<int>(i), snapshot->train);
        }
    }
    if (changed && m_running && everyRunDiverged())
        setRunningState(false); // every run stopped itself
    if (lecturePause && m_running)
        setRunning(false); // the others pause with it, so the class sees the runs side by side
    return changed;
}

bool RunGroup::toggleRunning() {
    if (!m_running && everyRunDiverged())
        return false;
    setRunning(!m_running);
    return true;
}

void RunGroup::setRunning(bool running) {
    for (Run& run : m_runs)
        run.session->setRunning(running);
    setRunningState(running);
}

void RunGroup::setRunningState(bool running) {
    if (running == m_running)
        return;
    m_running = running;
    emit runningChanged(running);
}

void RunGroup::step(int count) {
    for (Run& run : m_runs)
        run.session->step(count);
    setRunningState(false);
}

void RunGroup::reset() {
    for (Run& run : m_runs) {
        run.history.clear();
        run.session->reset();
    }
    setRunningState(false);
}

void RunGroup::rollBack(int index, double lrFactor) {
    m_runs[index].session->rollBack(lrFactor);
}

void RunGroup::setMaxStepsPerSecond(double stepsPerSecond) {
    for (Run& run : m_runs)
        run.session->setMaxStepsPerSecond(stepsPerSecond);
}

TrainConfig RunGroup::liveTrain(int index) const {
    const Run& run = m_runs[index];
    if (run.pendingTrain)
        return *run.pendingTrain;
    return run.shown ? run.shown->train : run.config.train;
}

void RunGroup::setTrainConfig(int index, const TrainConfig& train) {
    Run& run = m_runs[index];
    run.pendingTrain = train;
    run.session->setTrainConfig(train);
}

RunConfig RunGroup::config() const {
    if (m_runs.size() == 1) {
        RunConfig current = m_config;
        current.train = liveTrain(0);
        return current;
    }
    std::vector<TrainConfig> trains;
    for (int i = 0; i < size(); ++i)
        trains.push_back(liveTrain(i));
    return withRunSettings(m_config, trains);
}

} // namespace rankscope
