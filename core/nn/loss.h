// Losses exactly as PyTorch defines them, with their gradients w.r.t. the logits.
//
//   cross_entropy (nn.CrossEntropyLoss, mean reduction):
//       loss = 1/n sum_i [ logsumexp(z_i) - z_i[y_i] ],      dz_i = (softmax(z_i) - onehot(y_i)) / n
//   mse (nn.MSELoss, mean over samples AND outputs; one-hot targets for classes):
//       loss = 1/(n k) sum_i ||z_i - t_i||^2,                 dz_i = 2 (z_i - t_i) / (n k)
//
// z_i is column i of the logits [k, B]. `n` is the number of samples the mean runs over; it equals B
// for an ordinary batch and the whole set's size when a large batch is processed in chunks whose
// gradients are summed (trainer.cpp). Functions return the *sum* of the per-sample losses of the
// chunk divided by n, so chunk results add up to the full mean. No heap allocation.
#pragma once

#include "common/named_choices.h"

#include <Eigen/Core>
#include <cstdint>
#include <span>

namespace rankscope {

struct LossSums {
    double loss = 0; // sum over the chunk's samples of loss_i / n
    int correct = 0; // samples whose argmax logit equals the label (classification only)
};

// Targets of a chunk: class labels (classification) or real targets (regression): sample i of the
// chunk has target column firstColumn + i of `values` [k, *].
struct ChunkTargets {
    std::span<const std::int32_t> labels;    // B labels, or empty for regression
    const Eigen::MatrixXf* values = nullptr; // regression targets, else null
    Eigen::Index firstColumn = 0;
};

// Computes the chunk's loss contribution and writes dLoss/dlogits into dLogits [k, >=B].
LossSums lossAndGradient(LossKind kind, const Eigen::Ref<const Eigen::MatrixXf>& logits,
                         const ChunkTargets& targets, double n, Eigen::MatrixXf& dLogits);

// Loss contribution and correct count without gradients (evaluation).
LossSums lossOnly(LossKind kind, const Eigen::Ref<const Eigen::MatrixXf>& logits, const ChunkTargets& targets,
                  double n);

} // namespace rankscope
