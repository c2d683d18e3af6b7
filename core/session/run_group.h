// RunGroup: the runs on screen — one TrainingSession per run of a configuration (io/comparison.h):
// a single run, or up to four side by side that start from the same data and the same initial
// weights (same seed, data and model) and differ in train.* / metrics.* settings.
//
// Each session trains on its own thread, so the runs share the CPU through the operating system's
// scheduler: each gets an equal share of time and makes the steps its batch size allows (each
// snapshot reports its steps/s). Start, pause, step and reset act on every run together, so the
// runs stay comparable in wall time; hyper-parameters change per run. Sessions are kept across
// loads, so a run whose data recipe did not change does not rebuild its data.
// Leaves out: histories and drawing (the GUI's business) and the headless runner's files.
#pragma once

#include "common/result.h"
#include "io/comparison.h"
#include "session/training_session.h"

#include <QObject>
#include <memory>
#include <vector>

namespace rankscope {

class RunGroup : public QObject {
    Q_OBJECT
public:
    explicit RunGroup(QObject* parent = nullptr);
    ~RunGroup() override;

    // Starts fresh, paused runs of `config`; fails (changing nothing) if its comparison is invalid.
    Status load(const RunConfig& config);

    int size() const { return static_cast<int>(m_runs.size()); }
    const ComparisonRun& run(int index) const { return m_runs[index]; }
    TrainingSession& session(int index) { return *m_sessions[index]; }

    void setRunning(bool running);
    void step(int count = 1);
    void reset();
    void setMaxStepsPerSecond(double stepsPerSecond);
    // Live hyper-parameters of one run.
    void setTrainConfig(int index, const TrainConfig& train);

signals:
    void loadFailed(int index, const QString& message);

private:
    std::vector<ComparisonRun> m_runs;
    std::vector<std::unique_ptr<TrainingSession>> m_sessions;
};

} // namespace rankscope
