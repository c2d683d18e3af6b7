#include "session/checkpoint_snapshot.h"

#include <cmath>

namespace rankscope {

Snapshot checkpointSnapshot(const CheckpointPoint& point, const QStringList& matrixNames,
                            const RunMetricsRow* metrics) {
    Snapshot snapshot;
    snapshot.step = point.step;
    snapshot.state = RunState::Paused;
    snapshot.fromCheckpoints = true;
    snapshot.layerNames = matrixNames;
    snapshot.analysis = point.analysis;
    for (LayerAnalysis& layer : snapshot.analysis.layers)
        layer.updateNoiseEma = layer.updateNoise;
    snapshot.analysis.meanUpdateNoiseEma = snapshot.analysis.meanUpdateNoise;
    if (!metrics)
        return snapshot;
    const auto known = [](double value) { return std::isfinite(value); };
    if (known(metrics->epoch))
        snapshot.epoch = metrics->epoch;
    if (known(metrics->lr))
        snapshot.train.lr = metrics->lr;
    if (known(metrics->weightDecay))
        snapshot.train.weight_decay = metrics->weightDecay;
    if (known(metrics->batchSize))
        snapshot.batchSize = snapshot.train.batch_size = static_cast<int>(metrics->batchSize);
    snapshot.metrics = {metrics->trainLoss, metrics->trainAcc, metrics->testLoss, metrics->testAcc};
    return snapshot;
}

} // namespace rankscope
