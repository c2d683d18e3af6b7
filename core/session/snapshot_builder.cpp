#include "session/snapshot_builder.h"

#include "measures/spectrum.h"

namespace rankscope {

SnapshotBuilder::SnapshotBuilder(const Trainer& trainer)
    : m_nullSpace(trainer.data().train.x),
      m_initialNullSpaceNorm(m_nullSpace.nullSpaceNorm(trainer.network().layers().front().W)) {}

Snapshot SnapshotBuilder::build(Trainer& trainer, int maxTestSamples) const {
    const RunConfig& config = trainer.config();
    Snapshot snapshot;
    snapshot.step = trainer.steps();
    snapshot.epoch = trainer.epoch();
    snapshot.train = trainer.trainConfig();
    snapshot.batchSize = trainer.batchSize();
    snapshot.state = trainer.diverged() ? RunState::Diverged : RunState::Paused;

    const TrainAverages train = trainer.takeTrainAverages();
    const TrainAverages test = trainer.evaluate(trainer.data().test, maxTestSamples);
    snapshot.metrics = {train.loss, train.accuracy, test.loss, test.accuracy};

    for (const DenseLayer& layer : trainer.network().layers())
        snapshot.weights.push_back(layer.W);
    NetworkAnalysis& analysis = snapshot.analysis;
    analysis = analyzeWeights(snapshot.weights, trainer.initialFrobenius(), config.metrics.rank_eps,
                              rankNormFromName(config.metrics.rank_norm));
    for (std::size_t l = 0; l < analysis.layers.size(); ++l) {
        const LayerStepStats& stats = trainer.layerStats()[l];
        analysis.layers[l].updateNoise = stats.updateNoise;
        analysis.layers[l].updateNoiseEma = stats.updateNoiseEma;
        analysis.layers[l].epochChange = stats.epochChange;
    }
    updateHiddenMeans(analysis);
    analysis.gradientNoise = trainer.gradientNoise();
    analysis.nullSpaceNorm = m_nullSpace.nullSpaceNorm(snapshot.weights.front());
    analysis.nullSpaceTheory = m_initialNullSpaceNorm * trainer.nullSpaceDecay();
    analysis.rankBound = rankBound(snapshot.batchSize, snapshot.train.lr, snapshot.train.weight_decay,
                                   config.metrics.rank_eps);
    return snapshot;
}

} // namespace rankscope
