#include "nn/trainer.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace rankscope {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Evaluation runs in chunks of at least this many samples even when the batch is small.
constexpr int kMinEvalChunk = 256;
// Gradient noise costs a full pass over the training set; it is measured at most this often, in
// units of that pass's cost relative to the training steps in between (10%).
constexpr double kGradientNoiseBudget = 0.1;

NetworkShape shapeFor(const RunConfig& config, const DataSplit& data) {
    NetworkShape shape;
    shape.inputDim = data.train.inputDim();
    shape.hidden = config.model.hidden;
    shape.outputDim = data.train.outputDim();
    shape.bias = config.model.bias;
    shape.residual = config.model.residual;
    if (config.model.kind == ModelKind::Cnn) {
        shape.image = data.train.image;
        shape.conv = config.model.conv;
    }
    return shape;
}

Network initialNetwork(const RunConfig& config, const DataSplit& data) {
    Rng initRng = makeRng(config.seed, RngStream::Init);
    return Network(shapeFor(config, data), initRng);
}

} // namespace

Trainer::Trainer(const RunConfig& config, std::shared_ptr<const DataSplit> data)
    : m_metrics(config.metrics)
    , m_data(std::move(data))
    , m_lossKind(config.loss)
    , m_net(initialNetwork(config, *m_data))
    , m_state{.train = config.train,
              .sgd = Sgd(m_net),
              .sampler = BatchSampler(m_data->train.size(), config.seed),
              .gradientNoise = kNaN} {
    assert(m_data->train.size() > 0);
    m_allIndices.resize(m_data->train.size());
    std::iota(m_allIndices.begin(), m_allIndices.end(), 0);
    const std::size_t L = m_net.layers().size();
    m_updateNorms.resize(L);
    m_state.layerStats.assign(L, LayerStepStats{kNaN, kNaN, kNaN});
    for (const DenseLayer& layer : m_net.layers()) {
        m_initialFrobenius.push_back(layer.W.norm());
        m_accW.emplace_back(layer.W.rows(), layer.W.cols());
        // Zeros, not uninitialized: measureGradientNoise() swaps them in as dW/db, and backward()
        // leaves db untouched in a model without biases, so it must read as 0.
        m_saveW.push_back(Eigen::MatrixXf::Zero(layer.W.rows(), layer.W.cols()));
        m_state.epochStartW.push_back(layer.W);
        m_accB.emplace_back(layer.b.size());
        m_saveB.push_back(Eigen::VectorXf::Zero(layer.b.size()));
    }
    reserveChunk();
}

int Trainer::batchSize() const {
    const int n = m_data->train.size();
    return m_state.train.full_batch ? n : std::min(m_state.train.batch_size, n);
}

void Trainer::reserveChunk() {
    const int chunk =
        std::max(std::min(batchSize(), kMaxChunk), std::min(kMinEvalChunk, m_data->train.size()));
    if (chunk == m_chunk)
        return;
    m_chunk = chunk;
    m_net.reserveBatch(chunk);
    const Dataset& train = m_data->train;
    m_Xb.resize(train.inputDim(), chunk);
    m_Tb.resize(train.isRegression() ? train.outputDim() : 0, chunk);
    m_labels.resize(chunk);
    m_dLogits.resize(train.outputDim(), chunk);
}

void Trainer::setTrainConfig(const TrainConfig& train) {
    if (train.momentum == 0 || m_state.train.momentum == 0)
        m_state.sgd.resetMomentum();
    m_state.train = train;
    reserveChunk();
}

int Trainer::gatherChunk(const Dataset& set, std::span<const int> indices) {
    const int count = static_cast<int>(indices.size());
    for (int j = 0; j < count; ++j) {
        const int i = indices[j];
        m_Xb.col(j) = set.x.col(i);
        if (set.isRegression())
            m_Tb.col(j) = set.targets.col(i);
        else
            m_labels[j] = set.labels[i];
    }
    return count;
}

ChunkTargets Trainer::chunkTargets(const Dataset& set, int count) const {
    if (set.isRegression())
        return {{}, &m_Tb};
    return {std::span<const std::int32_t>(m_labels.data(), count), nullptr};
}

LossSums Trainer::computeGradient(std::span<const int> indices, double n) {
    const Dataset& train = m_data->train;
    std::vector<DenseLayer>& layers = m_net.layers();
    const bool accumulate = static_cast<int>(indices.size()) > m_chunk;
    LossSums total;
    for (std::size_t start = 0; start < indices.size(); start += m_chunk) {
        const int count = gatherChunk(
            train, indices.subspan(start, std::min<std::size_t>(m_chunk, indices.size() - start)));
        const auto batch = m_Xb.leftCols(count);
        const auto logits = m_net.forward(batch);
        const LossSums sums = lossAndGradient(m_lossKind, logits, chunkTargets(train, count), n, m_dLogits);
        total.loss += sums.loss;
        total.correct += sums.correct;
        m_net.backward(batch, m_dLogits);
        if (!accumulate)
            break;
        for (std::size_t l = 0; l < layers.size(); ++l) {
            if (start == 0) {
                m_accW[l] = layers[l].dW;
                m_accB[l] = layers[l].db;
            } else {
                m_accW[l] += layers[l].dW;
                m_accB[l] += layers[l].db;
            }
        }
    }
    if (accumulate)
        for (std::size_t l = 0; l < layers.size(); ++l) {
            layers[l].dW.swap(m_accW[l]);
            layers[l].db.swap(m_accB[l]);
        }
    return total;
}

bool Trainer::step() {
    if (m_diverged)
        return false;
    const int B = batchSize();
    const LossSums sums = computeGradient(m_state.sampler.next(B), B);
    if (!std::isfinite(sums.loss)) {
        m_diverged = true;
        return false;
    }
    const int period = gradientNoisePeriod();
    if (period > 0 && m_state.steps % period == 0)
        measureGradientNoise();
    const TrainConfig& t = m_state.train;
    if (!m_state.sgd.step(m_net, {t.lr, t.weight_decay, t.momentum}, m_updateNorms)) {
        m_diverged = true;
        return false;
    }
    ++m_state.steps;
    recordTrace(sums.loss);
    m_lastLoss = sums.loss;
    m_lossSum += sums.loss;
    m_correctSum += sums.correct;
    m_sampleSum += B;
    ++m_stepsSinceAverages;
    // Janus: the part of W_1 orthogonal to the inputs only ever sees the decay term.
    m_state.nullSpaceDecay *= 1.0 - t.lr * t.weight_decay;
    recordUpdate(m_updateNorms);
    recordEpochChange();
    return true;
}

void Trainer::recordTrace(double loss) {
    double weightSquared = 0;
    for (const LayerUpdateNorms& norms : m_updateNorms)
        weightSquared += norms.weightSquared;
    m_state.trace.record({m_state.steps, loss, std::sqrt(weightSquared)});
}

TrainerCheckpoint Trainer::checkpoint() const {
    TrainerCheckpoint checkpoint{.state = m_state};
    saveCheckpoint(checkpoint);
    return checkpoint;
}

void Trainer::saveCheckpoint(TrainerCheckpoint& checkpoint) const {
    const std::vector<DenseLayer>& layers = m_net.layers();
    checkpoint.W.resize(layers.size());
    checkpoint.b.resize(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
        checkpoint.W[l] = layers[l].W;
        checkpoint.b[l] = layers[l].b;
    }
    checkpoint.state = m_state;
}

void Trainer::restore(const TrainerCheckpoint& checkpoint) {
    std::vector<DenseLayer>& layers = m_net.layers();
    assert(checkpoint.W.size() == layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
        layers[l].W = checkpoint.W[l];
        layers[l].b = checkpoint.b[l];
    }
    m_state = checkpoint.state;
    reserveChunk();
    m_diverged = false;
    m_lastLoss = m_state.trace.recentMeanLoss(1);
    takeTrainAverages(); // averages of the abandoned steps are dropped
}

void Trainer::recordUpdate(const std::vector<LayerUpdateNorms>& norms) {
    const double alpha = m_metrics.update_noise_ema;
    for (std::size_t l = 0; l < norms.size(); ++l) {
        LayerStepStats& stats = m_state.layerStats[l];
        stats.updateNoise =
            norms[l].weightSquared > 0 ? std::sqrt(norms[l].updateSquared / norms[l].weightSquared) : kNaN;
        stats.updateNoiseEma = std::isnan(stats.updateNoiseEma)
                                   ? stats.updateNoise
                                   : alpha * stats.updateNoiseEma + (1 - alpha) * stats.updateNoise;
    }
}

void Trainer::recordEpochChange() {
    const auto epoch = static_cast<std::int64_t>(m_state.sampler.samplesSeen() / m_data->train.size());
    if (epoch == m_state.lastEpoch)
        return;
    m_state.lastEpoch = epoch;
    const std::vector<DenseLayer>& layers = m_net.layers();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const double startNorm = m_state.epochStartW[l].norm();
        m_state.layerStats[l].epochChange =
            startNorm > 0 ? (layers[l].W - m_state.epochStartW[l]).norm() / startNorm : kNaN;
        m_state.epochStartW[l] = layers[l].W;
    }
}

int Trainer::gradientNoisePeriod() const {
    const int every = m_metrics.gradient_noise_every;
    if (every == 0)
        return 0;
    const int n = m_data->train.size();
    const int B = batchSize();
    if (B >= n)
        return 0; // full-batch GD has no gradient noise
    return std::max(every, static_cast<int>(std::ceil(n / (kGradientNoiseBudget * B))));
}

void Trainer::measureGradientNoise() {
    std::vector<DenseLayer>& layers = m_net.layers();
    // The batch gradient (already in dW/db) is parked while the full gradient is computed.
    for (std::size_t l = 0; l < layers.size(); ++l) {
        m_saveW[l].swap(layers[l].dW);
        m_saveB[l].swap(layers[l].db);
    }
    computeGradient(m_allIndices, m_data->train.size());
    double differenceSquared = 0, fullSquared = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        differenceSquared +=
            (m_saveW[l] - layers[l].dW).squaredNorm() + (m_saveB[l] - layers[l].db).squaredNorm();
        fullSquared += layers[l].dW.squaredNorm() + layers[l].db.squaredNorm();
        m_saveW[l].swap(layers[l].dW);
        m_saveB[l].swap(layers[l].db);
    }
    m_state.gradientNoise = fullSquared > 0 ? std::sqrt(differenceSquared / fullSquared) : kNaN;
}

Evaluation Trainer::takeTrainAverages() {
    Evaluation averages{kNaN, kNaN};
    if (m_stepsSinceAverages > 0) {
        averages.loss = m_lossSum / m_stepsSinceAverages;
        if (!m_data->train.isRegression())
            averages.accuracy = m_correctSum / m_sampleSum;
    }
    m_lossSum = m_correctSum = m_sampleSum = 0;
    m_stepsSinceAverages = 0;
    return averages;
}

} // namespace rankscope
