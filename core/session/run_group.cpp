#include "session/run_group.h"

#include "session/analysis_worker.h"

namespace rankscope {

RunGroup::RunGroup(QObject* parent)
    : QObject(parent) {}

RunGroup::~RunGroup() = default;

Status RunGroup::load(const RunConfig& config) {
    Result<std::vector<ComparisonRun>> runs = comparisonRuns(config);
    if (!runs)
        return Status::failure(runs.error());
    m_runs = std::move(runs.value());
    m_sessions.resize(m_runs.size()); // a removed session's destructor stops its threads
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        if (!m_sessions[i]) {
            m_sessions[i] = std::make_unique<TrainingSession>();
            connect(m_sessions[i].get(), &TrainingSession::loadFailed, this,
                    [this, i](const QString& message) { emit loadFailed(static_cast<int>(i), message); });
        }
        m_sessions[i]->load(m_runs[i].config);
        m_sessions[i]->setAnalysisShare(AnalysisWorker::kDefaultDutyCycle /
                                        static_cast<double>(m_runs.size()));
    }
    return success();
}

void RunGroup::setRunning(bool running) {
    for (const auto& session : m_sessions)
        session->setRunning(running);
}

void RunGroup::step(int count) {
    for (const auto& session : m_sessions)
        session->step(count);
}

void RunGroup::reset() {
    for (const auto& session : m_sessions)
        session->reset();
}

void RunGroup::setMaxStepsPerSecond(double stepsPerSecond) {
    for (const auto& session : m_sessions)
        session->setMaxStepsPerSecond(stepsPerSecond);
}

void RunGroup::setTrainConfig(int index, const TrainConfig& train) {
    m_runs[index].config.train = train;
    m_sessions[index]->setTrainConfig(train);
}

} // namespace rankscope
