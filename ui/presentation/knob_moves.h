// KnobMoves: the one-key knob moves of a live lecture, as pure functions of the live settings.
// W switches weight decay off and back on to the value it had ("what happens without wd?" and back);
// B and Shift+B step the batch size through a short ladder of sizes a class can follow (factors of 4,
// so each press changes the noise visibly). The keys themselves are StageActions'.
#pragma once

#include "common/run_config.h"

#include <QList>

namespace rankscope {

class WeightDecaySwitch {
public:
    // The settings with weight decay off, or back on at the last value it had before it was
    // switched off (or `fallback` when there is none, e.g. a preset that starts with wd = 0).
    TrainConfig toggled(const TrainConfig& train, double fallback);

private:
    double m_previous = 0;
};

// The batch-size ladder B cycles through.
QList<int> batchSizeLadder();
// The next larger size on the ladder (direction +1) or the next smaller (-1), wrapping around; a size
// between rungs moves to the neighbouring rung. Full-batch GD switches to SGD at the size it lands on.
TrainConfig nextBatchSize(const TrainConfig& train, int direction);

} // namespace rankscope
