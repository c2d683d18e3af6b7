#include "presentation/knob_moves.h"

#include <algorithm>

namespace rankscope {

TrainConfig WeightDecaySwitch::toggled(const TrainConfig& train, double fallback) {
    TrainConfig next = train;
    if (train.weight_decay > 0) {
        m_previous = train.weight_decay;
        next.weight_decay = 0;
    } else {
        next.weight_decay = m_previous > 0 ? m_previous : fallback;
    }
    return next;
}

QList<int> batchSizeLadder() {
    return {2, 8, 32, 128, 512};
}

TrainConfig nextBatchSize(const TrainConfig& train, int direction) {
    const QList<int> ladder = batchSizeLadder();
    TrainConfig next = train;
    next.full_batch = false;
    if (direction > 0) {
        const auto above = std::upper_bound(ladder.begin(), ladder.end(), train.batch_size);
        next.batch_size = above == ladder.end() ? ladder.front() : *above;
    } else {
        const auto below = std::lower_bound(ladder.begin(), ladder.end(), train.batch_size);
        next.batch_size = below == ladder.begin() ? ladder.back() : *(below - 1);
    }
    return next;
}

} // namespace rankscope
