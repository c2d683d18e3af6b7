// checkpointSnapshot: one analysed checkpoint (checkpoint_replay.h) as the Snapshot every plot and
// the exported figure read, so checkpoints written elsewhere show on the same dashboard as a
// RankScope training. Its layers carry the tensors' names; its update noise is the change per
// checkpoint, shown as is (no moving average: consecutive checkpoints are already far apart); the
// run folder's metrics.csv row of the same step, if any, adds epoch, loss, accuracy and the
// settings in effect. Fields a checkpoint cannot tell (gradient noise, the null-space norm, the
// Theorem 3.3 bound) stay "not measured".
#pragma once

#include "io/run_metrics.h"
#include "session/checkpoint_replay.h"
#include "session/snapshot.h"

namespace rankscope {

// `metrics`: the run folder's metrics.csv row of the checkpoint's step, or null.
Snapshot checkpointSnapshot(const CheckpointPoint& point, const QStringList& matrixNames,
                            const RunMetricsRow* metrics);

} // namespace rankscope
