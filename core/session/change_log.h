// ChangeLog: a run's change events, one per change the user made. A slider drag or a few arrow
// presses reach the session as a burst of small changes (0.01 → 0.007 → ... → 0); the log folds a
// change of a setting into that setting's last event when it continues it (its old value is the
// event's new value) within a quiet time, so the burst reads as one event "wd 0.01→0" at the step
// where it began. A burst that ends where it began leaves no event. Events after a rollback point are
// dropped with their steps, and nothing folds across a rollback.
// Leaves out: when changes are applied (the session, between two steps) and how markers are drawn.
#pragma once

#include "common/run_config.h"
#include "session/change_event.h"

#include <cstdint>
#include <vector>

namespace rankscope {

class ChangeLog {
public:
    // Changes further apart than this are separate events: about the pause between two deliberate
    // moves, longer than the pauses within one drag.
    static constexpr double kQuietSeconds = 1.0;
    static constexpr std::size_t kMaxEvents = 1000; // the oldest go first

    // Records every live setting that differs between `before` and `after`, first used at `step`;
    // `nowSeconds` is a monotonic clock's reading.
    void record(std::int64_t step, const TrainConfig& before, const TrainConfig& after, double nowSeconds);
    // Drops the events after `step` (a rollback to it); later changes start new events.
    void dropAfter(std::int64_t step);
    void clear();

    const std::vector<ChangeEvent>& events() const { return m_events; }

private:
    void add(const ChangeEvent& event, double nowSeconds);

    std::vector<ChangeEvent> m_events;
    std::vector<double> m_changedAt; // per event: when it last changed; -inf once it may not fold
};

} // namespace rankscope
