// SnapshotBuilder: turns a trainer's state into an immutable Snapshot, in two phases so that the
// expensive part can run off the training thread:
//
//   capture()  on the training thread, cheap: copies the weights and biases, the step-by-step
//              measures the trainer keeps (update noise, epoch change, gradient noise, the Janus decay
//              factor prod_t (1 - lr_t wd_t)) and the mini-batch loss averages; after a divergence,
//              its step and likely cause (nn/divergence_diagnosis.h).
//   analyze()  anywhere, expensive, const and thread-safe: the spectral analysis of every layer
//              (measures/network_analysis.h), test loss and accuracy of the copied weights, layer 1's
//              null-space norm ||W_1 P_perp||_F and its theory ||W_1(0) P_perp||_F prod_t (1 - lr_t wd_t),
//              Theorem 3.3's rank bound, and conv layers' operator spectra
//              (measures/conv_operator_spectrum.h).
//
// The session analyzes captures on its analysis thread for the GUI; the headless runner calls
// build() = analyze(capture()) for every CSV row, so both report the same numbers.
#pragma once

#include "measures/nullspace.h"
#include "nn/trainer.h"
#include "session/snapshot.h"

#include <limits>
#include <memory>

namespace rankscope {

// The test samples of a live snapshot: the window's test metrics use this fixed subset (CSV rows: all).
constexpr int kLiveTestSamples = 512;

struct TrainingCapture {
    Snapshot snapshot; // header, train metrics and weight copies filled; analysis and test metrics not yet
    std::vector<Eigen::VectorXf> biases;
    std::vector<LayerStepStats> layerStats;
    double gradientNoise = kNotMeasured;
    double nullSpaceDecay = 1;
};

class SnapshotBuilder {
public:
    // Builds the null-space projector of the trainer's training inputs (once per data set).
    explicit SnapshotBuilder(const Trainer& trainer);

    static TrainingCapture capture(Trainer& trainer);
    // maxTestSamples bounds the cost of the test evaluation (the GUI uses a subset; CSV rows all).
    Snapshot analyze(TrainingCapture capture, int maxTestSamples = std::numeric_limits<int>::max()) const;
    Snapshot build(Trainer& trainer, int maxTestSamples = std::numeric_limits<int>::max()) const {
        return analyze(capture(trainer), maxTestSamples);
    }

private:
    // The operator spectrum and its rank_eps for each conv layer that hasOperatorSpectrum(), in layer
    // order while their total cost stays within kMaxOperatorSpectrumCost.
    void analyzeConvOperators(const std::vector<Eigen::MatrixXf>& weights, NetworkAnalysis& analysis) const;

    std::shared_ptr<const DataSplit> m_data;
    NetworkShape m_shape;
    LossKind m_lossKind;
    MetricsConfig m_metrics;
    std::vector<double> m_initialFrobenius;
    NullSpaceProjector m_nullSpace;
    double m_initialNullSpaceNorm;
};

} // namespace rankscope
