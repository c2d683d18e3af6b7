// Synthetic data sets: seeded generators for the four synthetic data kinds, and the random
// subspace that `data.subspace_dim` confines inputs to. Leaves out: file formats (idx_reader.h,
// csv_reader.h) and dispatch/validation of a RunConfig (data_factory.h).
//
// Legend: m = the generator's own input dimension (SyntheticSpec::dim), d = data.input_dim,
// r = data.subspace_dim, K = classes (outputs k for regression), z a generated input in R^m,
// x the input the network sees, N(0, I) the standard normal, U(a, b) the uniform distribution.
//
// Generative models (every sample i independently):
//
//   gaussianMixture   y ~ U{0..K-1},  z = mu_y + noise * e,  e ~ N(0, I_m),
//                     mu_c ~ N(0, (S^2 / (2m)) I_m) with S = kMixtureSeparation, so that
//                     E||mu_a - mu_b||^2 = S^2 whatever m: a pair of classes is confused by the
//                     nearest-mean rule with probability ~ Phi(-S / (2 noise)). With noise = 1,
//                     K = 10, m = 64 nearest-mean accuracy is 0.89-0.94 (seeds 1-8).
//   teacherNetwork    z ~ N(0, I_m),  y = argmax_c t_c(z), a random one-hidden-layer ReLU teacher
//                     t(z) = A (relu(B z) - beta),  B [H, m] with entries N(0, 1/m),
//                     H = max(2K, 16), beta_j = ||B_j|| / sqrt(2 pi) = E relu(B_j z) (He et al.
//                     2015, half-normal mean) so hidden units are centred, rows of A [K, H] drawn
//                     N(0, I) and scaled to unit norm so every class has a comparable share.
//                     Labels are a deterministic function of z: `noise` is not used.
//   spirals           m = 2, K arms: y ~ U{0..K-1}, t ~ U(0, 1), angle = 2 pi (y / K + t),
//                     z = sqrt(6) t (cos angle, sin angle) + sigma e, e ~ N(0, I_2),
//                     sigma = 0.1 * sqrt(6) * noise / K: with noise = 1 the jitter is 10% of the
//                     radial gap between neighbouring arms; sqrt(6) gives each coordinate ~unit
//                     variance (E t^2 / 2 = 1/6).
//   linearRegression  z ~ N(0, I_m),  y = W* z + noise * e,  e ~ N(0, I_K),  W* [K, m] with
//                     rows drawn N(0, I_m) and scaled to unit norm, so every output's signal
//                     w_c . z ~ N(0, 1) and `noise` is the noise-to-signal ratio of standard
//                     deviations (noise = 0: exact linear targets; the Janus demo wants N < m,
//                     and small noise keeps its test loss meaningful).
//
// Subspace (data.subspace_dim = r > 0): the generator runs in m = r dimensions and every input
// is embedded as x = Q z, Q [d, r] with orthonormal columns (randomSubspaceBasis). The class
// structure is kept (unlike projecting d-dimensional data) and the inputs span exactly r
// dimensions; train and test share Q. Without a subspace m = d and x = z.
//
// Randomness: the model (means, teacher weights) draws from RngStream::Teacher, the samples from
// RngStream::Data (the training set first, then the test set, so the training set does not depend
// on test_size), Q from RngStream::Subspace.
#pragma once

#include "data/dataset.h"

#include <Eigen/Core>
#include <cstdint>

namespace rankscope {

// Expected distance between two class means of gaussianMixture (see the legend above).
inline constexpr double kMixtureSeparation = 4.5;

// What a generator needs; the data factory fills it from a RunConfig.
struct SyntheticSpec {
    int trainSize = 0;  // >= 1
    int testSize = 0;   // >= 0
    int dim = 0;        // m >= 1 (spirals: 2)
    int classes = 0;    // K >= 1 (classification kinds: >= 2)
    double noise = 0.0; // >= 0
    std::uint64_t seed = 0;
};

DataSplit gaussianMixture(const SyntheticSpec& spec);
DataSplit teacherNetwork(const SyntheticSpec& spec);
DataSplit spirals(const SyntheticSpec& spec);
DataSplit linearRegression(const SyntheticSpec& spec);

// Q [dim, rank] with orthonormal columns, uniformly distributed (Haar), drawn from
// RngStream::Subspace of `seed`.
Eigen::MatrixXf randomSubspaceBasis(int dim, int rank, std::uint64_t seed);

// x <- Q x for train and test: inputs generated in r dimensions now live in span(Q) in R^d.
void embedInSubspace(DataSplit& split, const Eigen::MatrixXf& Q);

} // namespace rankscope
