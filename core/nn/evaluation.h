// evaluate(): mean loss and accuracy of a network on (the first samples of) a data set, forward
// passes only, in chunks of the network's reserved batch. Used by the trainer and by the snapshot
// analysis, which evaluates a copy of the weights off the training thread.
#pragma once

#include "data/dataset.h"
#include "nn/loss.h"
#include "nn/network.h"

namespace rankscope {

struct Evaluation {
    double loss;     // mean loss (NaN when there is nothing to evaluate)
    double accuracy; // fraction classified correctly (NaN for regression)
};

Evaluation evaluate(Network& net, LossKind kind, const Dataset& set, int maxSamples);

} // namespace rankscope
