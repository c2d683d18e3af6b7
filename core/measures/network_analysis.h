// NetworkAnalysis: every measure of DESIGN.md's table for one moment of a run.
// Per layer L1..Ln (classifier last) and averaged over the hidden layers (classifier excluded,
// as the paper's code does). Singular values are computed in double from the float32 weights.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <vector>

namespace rankscope {

enum class RankNorm; // common/named_choices.h

constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

struct LayerAnalysis {
    Eigen::VectorXd singularValues;       // s_1 >= s_2 >= ...
    int rank = 0;                         // rank_eps
    double effectiveRank = 0;             // exp(entropy of s / sum s), Roy & Vetterli 2007
    double stableRank = 0;                // sum s^2 / s_1^2
    double frobenius = 0;                 // ||W||_F
    double spectral = 0;                  // s_1
    bool collapsed = false;               // ||W||_F < 1e-6 ||W_0||_F: reported as rank 0
    double updateNoise = kNotMeasured;    // ||W_t - W_{t-1}||_F / ||W_{t-1}||_F, last step
    double updateNoiseEma = kNotMeasured; // exponential moving average of updateNoise
    double epochChange = kNotMeasured;    // ||W_end - W_start||_F / ||W_start||_F, last full epoch
    // A conv layer as an operator on its input grid (measures/conv_operator_spectrum.h), for the layers
    // hasOperatorSpectrum() allows: its singular values and their rank_eps; empty and NaN for the rest.
    Eigen::VectorXd operatorSingularValues;
    double operatorRank = kNotMeasured;
};

struct NetworkAnalysis {
    std::vector<LayerAnalysis> layers; // L1..Ln, classifier last
    double meanRank = 0;               // means over hidden layers (all layers if there is no hidden one)
    double meanEffectiveRank = 0;
    double meanStableRank = 0;
    double meanUpdateNoise = kNotMeasured;
    double meanUpdateNoiseEma = kNotMeasured;
    double rho = 0;                        // prod_l ||W_l||_F (Poggio et al.)
    double nullSpaceNorm = kNotMeasured;   // ||W_1 P_perp||_F (Janus); NaN if inputs span R^d
    double nullSpaceTheory = kNotMeasured; // ||W_1(0) P_perp||_F prod_t (1 - lr_t wd_t)
    double gradientNoise = kNotMeasured;   // ||g_batch - g_full||_F / ||g_full||_F, last measurement
    double rankBound = std::numeric_limits<double>::infinity(); // B log(2/eps) / (lr wd), Theorem 3.3
    bool collapsed = false;                                     // some hidden layer collapsed (failure state)
};

// Spectral measures of every weight matrix (initialFrobenius: ||W_l||_F at step 0, for the collapse
// rule), rho and the hidden-layer means. Update noise, epoch change, gradient noise and the null-space
// fields are left for the caller, which owns the training history they need.
NetworkAnalysis analyzeWeights(const std::vector<Eigen::MatrixXf>& weights,
                               const std::vector<double>& initialFrobenius, double eps, RankNorm norm);

// rho, the collapse flag and the hidden-layer means of per-layer analyses computed elsewhere
// (analyzeWeights, or one matrix per thread: checkpoint_analysis.h).
NetworkAnalysis combineLayers(std::vector<LayerAnalysis> layers);

// Recomputes the hidden-layer means from the per-layer fields (after the caller filled update noise).
void updateHiddenMeans(NetworkAnalysis& analysis);

} // namespace rankscope
