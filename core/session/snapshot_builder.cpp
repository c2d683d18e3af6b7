#include "session/snapshot_builder.h"

#include "measures/conv_operator_spectrum.h"
#include "measures/spectrum.h"

#include <algorithm>

namespace rankscope {
namespace {
constexpr int kEvaluationChunk = 256;
}

SnapshotBuilder::SnapshotBuilder(const Trainer& trainer)
    : m_data(trainer.sharedData())
    , m_shape(trainer.network().shape())
    , m_lossKind(trainer.lossKind())
    , m_metrics(trainer.metricsConfig())
    , m_initialFrobenius(trainer.initialFrobenius())
    // The Janus null space is about the first layer's weights on the raw inputs; a conv layer sees patches.
    , m_nullSpace(trainer.network().convLayerCount() == 0 ? NullSpaceProjector(trainer.data().train.x)
                                                          : NullSpaceProjector())
    , m_initialNullSpaceNorm(m_nullSpace.nullSpaceNorm(trainer.network().layers().front().W)) {}

TrainingCapture SnapshotBuilder::capture(Trainer& trainer) {
    TrainingCapture capture;
    Snapshot& snapshot = capture.snapshot;
    snapshot.step = trainer.steps();
    snapshot.epoch = trainer.epoch();
    snapshot.train = trainer.trainConfig();
    snapshot.batchSize = trainer.batchSize();
    snapshot.gradientNoisePeriod = trainer.gradientNoisePeriod();
    snapshot.state = trainer.diverged() ? RunState::Diverged : RunState::Paused;
    if (trainer.diverged()) {
        snapshot.divergedAtStep = trainer.steps() + 1;
        snapshot.divergence = diagnoseDivergence(trainer.trainConfig(), trainer.batchSize(),
                                                 trainer.stepTrace().chronological());
    }
    const Evaluation train = trainer.takeTrainAverages();
    snapshot.metrics.trainLoss = train.loss;
    snapshot.metrics.trainAcc = train.accuracy;
    const Network& net = trainer.network();
    for (const DenseLayer& layer : net.layers()) {
        snapshot.weights.push_back(layer.W);
        capture.biases.push_back(layer.b);
    }
    if (net.convLayerCount() > 0)
        for (int l = 0; l < static_cast<int>(net.layers().size()); ++l)
            snapshot.layerNames.push_back(net.layerName(l));
    capture.layerStats = trainer.layerStats();
    capture.gradientNoise = trainer.gradientNoise();
    capture.nullSpaceDecay = trainer.nullSpaceDecay();
    return capture;
}

Snapshot SnapshotBuilder::analyze(TrainingCapture capture, int maxTestSamples) const {
    Snapshot snapshot = std::move(capture.snapshot);
    const Dataset& test = m_data->test;
    if (test.size() > 0 && maxTestSamples > 0) {
        Network net(m_shape, snapshot.weights, capture.biases);
        net.reserveBatch(std::min({kEvaluationChunk, test.size(), maxTestSamples}));
        const Evaluation evaluation = evaluate(net, m_lossKind, test, maxTestSamples);
        snapshot.metrics.testLoss = evaluation.loss;
        snapshot.metrics.testAcc = evaluation.accuracy;
    }
    NetworkAnalysis& analysis = snapshot.analysis;
    analysis = analyzeWeights(snapshot.weights, m_initialFrobenius, m_metrics.rank_eps, m_metrics.rank_norm);
    for (std::size_t l = 0; l < analysis.layers.size(); ++l) {
        analysis.layers[l].updateNoise = capture.layerStats[l].updateNoise;
        analysis.layers[l].updateNoiseEma = capture.layerStats[l].updateNoiseEma;
        analysis.layers[l].epochChange = capture.layerStats[l].epochChange;
    }
    updateHiddenMeans(analysis);
    analyzeConvOperators(snapshot.weights, analysis);
    analysis.gradientNoise = capture.gradientNoise;
    analysis.nullSpaceNorm = m_nullSpace.nullSpaceNorm(snapshot.weights.front());
    analysis.nullSpaceTheory = m_initialNullSpaceNorm * capture.nullSpaceDecay;
    analysis.rankBound =
        rankBound(snapshot.batchSize, snapshot.train.lr, snapshot.train.weight_decay, m_metrics.rank_eps);
    return snapshot;
}

void SnapshotBuilder::analyzeConvOperators(const std::vector<Eigen::MatrixXf>& weights,
                                           NetworkAnalysis& analysis) const {
    ImageShape input = m_shape.image;
    double cost = 0;
    for (std::size_t l = 0; l < m_shape.conv.size(); ++l) {
        const ConvBlockSpec& block = m_shape.conv[l];
        if (hasOperatorSpectrum(input, block)) {
            cost += operatorSpectrumCost(input, block);
            if (cost <= kMaxOperatorSpectrumCost) {
                LayerAnalysis& layer = analysis.layers[l];
                layer.operatorSingularValues = convOperatorSingularValues(weights[l], input, block.kernel);
                layer.operatorRank = operatorRankOf(layer.operatorSingularValues, layer.collapsed,
                                                    m_metrics.rank_eps, m_metrics.rank_norm);
            }
        }
        input = blockOutputShape(input, block);
    }
}

} // namespace rankscope
