// Trainer: the synchronous training loop — one mini-batch SGD step per call to step().
//
// Owns the network, the optimizer and the batch order; shares the (immutable) data so that comparison
// runs can train on the same samples. Besides training it maintains the measures that need every step
// (DESIGN.md "Measures"): per-layer update noise ||W_t - W_{t-1}||_F / ||W_{t-1}||_F and its EMA,
// the epoch change ||W_end - W_start||_F / ||W_start||_F, the gradient noise
// ||g_batch - g_full||_F / ||g_full||_F (every K steps), and the null-space decay factor
// prod_t (1 - lr_t wd_t) of the Janus theory, accumulated over the steps actually taken.
// Hyper-parameters may change between any two steps (setTrainConfig); a non-finite loss or update
// puts the trainer in the Diverged state with the last finite weights; a TrainerCheckpoint saved
// earlier can be restored to continue from there (the session's "roll back"). The StepTrace of
// recent losses and weight norms is the evidence for the divergence diagnosis. Threads are the
// session's business: nothing here locks. After warm-up a step performs no heap allocation.
#pragma once

#include "common/run_config.h"
#include "data/dataset.h"
#include "nn/batch_sampler.h"
#include "nn/evaluation.h"
#include "nn/loss.h"
#include "nn/network.h"
#include "nn/sgd.h"
#include "nn/step_trace.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace rankscope {

struct LayerStepStats {
    double updateNoise;    // last step (NaN before the first)
    double updateNoiseEma; // exponential moving average
    double epochChange;    // last completed epoch (NaN before the first)
};

// Everything besides the parameters that the next steps depend on: the settings in effect, the
// optimizer's momentum, the batch order, the counters and the per-step measures. The trainer keeps
// it in one member, so saving and restoring it whole continues a run bit for bit; state that a step
// reads belongs here, not in a member of its own. (Sgd and BatchSampler have no empty state, so every
// other member has an initializer.)
struct TrainerState {
    TrainConfig train{};
    std::vector<Eigen::MatrixXf> epochStartW{}; // W at the start of the current epoch
    Sgd sgd;
    BatchSampler sampler;
    std::int64_t steps = 0;
    std::int64_t lastEpoch = 0;
    std::vector<LayerStepStats> layerStats{};
    double gradientNoise = 0;
    double nullSpaceDecay = 1;
    StepTrace trace{};
};

// A copy of a trainer at one moment: its parameters and its state.
struct TrainerCheckpoint {
    std::vector<Eigen::MatrixXf> W{};
    std::vector<Eigen::VectorXf> b{};
    TrainerState state;
};

class Trainer {
public:
    Trainer(const RunConfig& config, std::shared_ptr<const DataSplit> data);

    // One SGD step. Returns false, and applies nothing, once the run has diverged.
    bool step();

    // New hyper-parameters, effective from the next step.
    void setTrainConfig(const TrainConfig& train);

    const MetricsConfig& metricsConfig() const { return m_metrics; }
    const TrainConfig& trainConfig() const { return m_state.train; }
    int batchSize() const; // effective: min(batch, N), N for full batch
    std::int64_t steps() const { return m_state.steps; }
    double epoch() const { return m_state.sampler.epoch(); }
    bool diverged() const { return m_diverged; }
    double lastLoss() const { return m_lastLoss; }

    const Network& network() const { return m_net; }
    const DataSplit& data() const { return *m_data; }
    std::shared_ptr<const DataSplit> sharedData() const { return m_data; }
    LossKind lossKind() const { return m_lossKind; }

    const StepTrace& stepTrace() const { return m_state.trace; }

    // A copy of the state / continuing from one, settings included, leaving the Diverged state. They
    // copy whole weight matrices: call them between steps, not per step. saveCheckpoint() reuses the
    // buffers of an earlier checkpoint of this trainer, so only checkpoint() allocates.
    TrainerCheckpoint checkpoint() const;
    void saveCheckpoint(TrainerCheckpoint& checkpoint) const;
    void restore(const TrainerCheckpoint& checkpoint);

    const std::vector<LayerStepStats>& layerStats() const { return m_state.layerStats; }
    const std::vector<double>& initialFrobenius() const { return m_initialFrobenius; }
    double gradientNoise() const { return m_state.gradientNoise; }
    double nullSpaceDecay() const { return m_state.nullSpaceDecay; }
    int gradientNoisePeriod() const; // steps between gradient-noise measurements (0 = off)

    // Mean mini-batch loss and accuracy over the steps since the last call (NaN if none).
    Evaluation takeTrainAverages();
    // Mean loss and accuracy over the first min(maxSamples, size) samples of `set`.
    Evaluation evaluate(const Dataset& set, int maxSamples) {
        return rankscope::evaluate(m_net, m_lossKind, set, maxSamples);
    }

private:
    void reserveChunk();
    // Gradient of the mean loss over `indices` (normalised by n) into every layer's dW/db.
    LossSums computeGradient(std::span<const int> indices, double n);
    int gatherChunk(const Dataset& set, std::span<const int> indices);
    ChunkTargets chunkTargets(const Dataset& set, int count) const;
    void measureGradientNoise();
    void recordTrace(double loss); // after a successful update, from the norms Sgd measured
    void recordUpdate(const std::vector<LayerUpdateNorms>& norms);
    void recordEpochChange();

    MetricsConfig m_metrics;
    std::shared_ptr<const DataSplit> m_data;
    LossKind m_lossKind;
    Network m_net;
    TrainerState m_state; // after m_net: its optimizer is sized from the network
    int m_chunk = 0;      // samples per forward/backward pass; larger batches are accumulated

    // Work buffers, sized in reserveChunk()/constructor.
    Eigen::MatrixXf m_Xb, m_Tb, m_dLogits;
    std::vector<std::int32_t> m_labels;
    std::vector<int> m_allIndices;
    std::vector<Eigen::MatrixXf> m_accW, m_saveW;
    std::vector<Eigen::VectorXf> m_accB, m_saveB;
    std::vector<LayerUpdateNorms> m_updateNorms;

    std::vector<double> m_initialFrobenius;
    bool m_diverged = false;
    double m_lastLoss = 0;
    double m_lossSum = 0, m_correctSum = 0, m_sampleSum = 0;
    int m_stepsSinceAverages = 0;
};

} // namespace rankscope
