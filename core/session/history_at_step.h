// historyAtStep: a run's recorded history as it stood at an earlier step, for the history scrubber
// (a lecturer pauses and moves back to "the moment wd went to 0"; a researcher steps through
// checkpoints). It is the history truncated after that step, with the change events up to it, plus
// the snapshot of that moment rebuilt from the recorded series: every measure the time plots show,
// the singular values of the nearest recorded spectrum at or before the step (the heat map keeps
// fewer points than the scalar series) and the settings then in effect (the present's, with every
// later change undone). The weight copies of the present are kept for the layers' shapes.
// Fed to the same plots as the present, so every plot shows the chosen point and the history up to it.
#pragma once

#include "session/run_history.h"
#include "session/snapshot.h"

#include <cstdint>
#include <vector>

namespace rankscope {

struct HistoryAtStep {
    RunHistory history;
    Snapshot snapshot;
};

// The steps a scrubber can stop at: those of the recorded series (their shared time base), ascending.
std::vector<std::int64_t> recordedSteps(const RunHistory& history);

// `history` up to the last recorded step <= `step` (the first one if `step` is earlier).
// `present` is the snapshot the history ends with. The history must not be empty.
HistoryAtStep historyAtStep(const RunHistory& history, const Snapshot& present, std::int64_t step);

} // namespace rankscope
