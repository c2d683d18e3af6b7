// SnapshotBuilder: turns a trainer's current state into an immutable Snapshot — copies of the weights,
// the spectral analysis of every layer (measures/network_analysis.h), the step-by-step measures the
// trainer keeps (update noise, epoch change, gradient noise), losses and accuracies, and the Janus
// null-space norm of layer 1 with its theoretical curve ||W_1(0) P_perp||_F prod_t (1 - lr_t wd_t).
// Used by the session for the GUI and by the headless runner for every CSV row, so both report the
// same numbers. Runs on the training thread, never on the GUI thread.
#pragma once

#include "measures/nullspace.h"
#include "nn/trainer.h"
#include "session/snapshot.h"

#include <limits>

namespace rankscope {

class SnapshotBuilder {
public:
    // Builds the null-space projector of the trainer's training inputs (once per data set).
    explicit SnapshotBuilder(const Trainer& trainer);

    // maxTestSamples bounds the cost of the test evaluation (the GUI uses a subset; CSV rows all).
    Snapshot build(Trainer& trainer, int maxTestSamples = std::numeric_limits<int>::max()) const;

private:
    NullSpaceProjector m_nullSpace;
    double m_initialNullSpaceNorm;
};

} // namespace rankscope
