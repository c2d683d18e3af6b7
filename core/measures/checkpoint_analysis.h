// analyzeCheckpoint: every single-matrix measure of one checkpoint's weight matrices, one matrix per
// core (a ResNet's largest matrices dominate, so they are started first), plus the change per
// checkpoint ||W_k - W_{k-1}||_F / ||W_{k-1}||_F against the previous checkpoint, stored in
// LayerAnalysis::updateNoise: between saved checkpoints it is the change over many steps, not one
// step's update noise, and everything that shows it says "change per checkpoint".
// Cancellable between matrices (an SVD that has started runs to its end).
#pragma once

#include "measures/network_analysis.h"
#include "measures/spectrum.h"

#include <Eigen/Core>
#include <atomic>
#include <optional>
#include <vector>

namespace rankscope {

// `previous`: the matrices of the checkpoint before, same shapes, or null for the first one.
// `initialFrobenius`: ||W||_F of the first checkpoint, for the collapse rule. `threads` <= 0: one
// per core. Nothing when `cancel` became true before every matrix was analysed.
std::optional<NetworkAnalysis> analyzeCheckpoint(const std::vector<Eigen::MatrixXf>& weights,
                                                 const std::vector<Eigen::MatrixXf>* previous,
                                                 const std::vector<double>& initialFrobenius, double eps,
                                                 RankNorm norm, const std::atomic<bool>& cancel,
                                                 int threads = 0);

} // namespace rankscope
