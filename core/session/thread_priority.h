// Scheduling weight of the session's threads. On two cores, four runs training side by side would
// otherwise take the CPU the GUI thread needs to draw and the analysis threads need to publish
// snapshots: the kernel's fair scheduler gives every runnable thread the same share. A training
// thread therefore runs at a lower priority (a higher nice value) than the GUI, so it takes what the
// display leaves and, on an otherwise idle core, still runs at full speed. The analysis keeps the normal
// priority: its duty cycle (session/analysis_worker.h) already bounds what it takes.
#pragma once

namespace rankscope {

// Linux's nice value for training threads: a weight of 335 against the GUI thread's 1024, so the
// GUI gets three times a training thread's share of a contended core.
constexpr int kTrainingNiceness = 5;

// Lowers the calling thread's priority to `niceness` (Linux schedules threads, not processes, by their
// nice value). Does nothing elsewhere or when the system refuses.
void lowerCurrentThreadPriority(int niceness);

} // namespace rankscope
