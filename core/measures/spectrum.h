// Spectrum: the singular values of one weight matrix and the rank measures built on them
// (DESIGN.md "Measures"): rank_eps, effective rank, stable rank, the Frobenius and spectral norms,
// the collapse rule, and Theorem 3.3's rank bound. It leaves out everything that needs more than
// one matrix or more than one moment (update noise, epoch change, rho, averages over layers).
//
// Legend: W is one weight matrix [out, in] (float32, as trained); s_1 >= s_2 >= ... >= s_n >= 0 are
// its singular values, n = min(out, in); ||W||_F = sqrt(sum s_i^2) and s_1 = ||W||_2.
// Sources: rank_eps and the rank bound, Galanti, Siegel, Gupte, Poggio, "SGD and Weight Decay
// Secretly Minimize the Rank of Your Neural Network" (arXiv 2206.05794, Theorem 3.3); effective rank,
// Roy & Vetterli, "The effective rank: a measure of effective dimensionality" (EUSIPCO 2007).
#pragma once

#include "common/named_choices.h"
#include "measures/network_analysis.h"

#include <Eigen/Core>

namespace rankscope {

// Collapse threshold: ||W||_F below this fraction of its initial norm counts as "shrunk to nothing".
constexpr double kCollapseFraction = 1e-6;

// s_1 >= ... >= s_n of W, computed in double precision (values only). Non-finite W: all NaN.
Eigen::VectorXd singularValues(const Eigen::MatrixXf& W);

// rank_eps of singular values s: #{i : s_i / reference > eps}, reference being s_1 or the Frobenius norm.
int rankAbove(const Eigen::VectorXd& s, double reference, double eps);

// Every single-matrix measure of W (the update-noise fields keep their "not measured" defaults):
//   rank          #{i : s_i / s_1 > eps} (Spectral) or #{i : s_i / ||W||_F > eps} (Frobenius)
//   effectiveRank exp(-sum_i p_i log p_i), p_i = s_i / sum_j s_j, terms with p_i = 0 skipped
//   stableRank    sum_i s_i^2 / s_1^2
// Collapse (DESIGN.md): W == 0, or ||W||_F < kCollapseFraction * initialFrobenius, reports rank,
// effective rank and stable rank 0 and collapsed = true; singular values and norms are still filled.
// Non-finite W: collapsed = false, rank 0 and every double measure NaN (a diverged run), no crash.
LayerAnalysis analyzeSpectrum(const Eigen::MatrixXf& W, double eps, RankNorm norm, double initialFrobenius);

// Theorem 3.3 of Galanti et al.: B log(2/eps) / (lr wd), an upper bound on rank_eps of a dense layer
// trained long enough with mini-batch SGD and weight decay (loose; a sanity line). +inf if lr wd = 0.
double rankBound(int batchSize, double lr, double weightDecay, double eps);

// The time scale behind that bound: every step multiplies the weights by (1 - lr wd), so an update
// fades below eps of its size after about ln(2/eps) / (lr wd) steps, whatever the batch size
// (DESIGN.md "Time scale"). +inf if lr wd = 0.
double fadeSteps(double lr, double weightDecay, double eps);

// lr wd at or above this shrank every network tried to nothing (rank 0, chance accuracy), at every
// batch size (DESIGN.md "Time scale"); useful demonstrations sit near 1e-4 to 3e-3.
constexpr double kCollapseLrWd = 1e-2;

} // namespace rankscope
