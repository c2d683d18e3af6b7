#include "nn/loss.h"

#include <cassert>
#include <cmath>

namespace rankscope {
namespace {

using LogitColumn = Eigen::Ref<const Eigen::MatrixXf>::ConstColXpr;

// Cross-entropy of one sample, in double; when dz is given writes (softmax(z) - onehot(y)) / n there.
double crossEntropySample(const LogitColumn& z, int label, double n, float* dz) {
    const double zmax = z.maxCoeff();
    double sumExp = 0;
    for (Eigen::Index c = 0; c < z.size(); ++c)
        sumExp += std::exp(z(c) - zmax);
    const double logSumExp = zmax + std::log(sumExp);
    if (dz) {
        for (Eigen::Index c = 0; c < z.size(); ++c)
            dz[c] = static_cast<float>(std::exp(z(c) - logSumExp) / n);
        dz[label] -= static_cast<float>(1.0 / n);
    }
    return (logSumExp - z(label)) / n;
}

// Squared error of one sample against its target column; when dz is given writes 2 (z - t) / (n k).
double squaredErrorSample(const LogitColumn& z, int label, const Eigen::MatrixXf* values, Eigen::Index column,
                          double n, float* dz) {
    const Eigen::Index k = z.size();
    double squared = 0;
    for (Eigen::Index c = 0; c < k; ++c) {
        const double target = values ? (*values)(c, column) : (c == label ? 1.0 : 0.0);
        const double diff = z(c) - target;
        squared += diff * diff;
        if (dz)
            dz[c] = static_cast<float>(2.0 * diff / (n * k));
    }
    return squared / (n * k);
}

LossSums evaluateLoss(LossKind kind, const Eigen::Ref<const Eigen::MatrixXf>& logits,
                      const ChunkTargets& targets, double n, Eigen::MatrixXf* dLogits) {
    const bool classification = !targets.labels.empty();
    assert(classification || kind == LossKind::Mse);
    LossSums sums;
    for (Eigen::Index i = 0; i < logits.cols(); ++i) {
        const LogitColumn z = logits.col(i);
        float* dz = dLogits ? dLogits->col(i).data() : nullptr;
        const int label = classification ? targets.labels[i] : -1;
        if (classification) {
            Eigen::Index predicted = 0;
            z.maxCoeff(&predicted);
            sums.correct += predicted == label;
        }
        sums.loss += kind == LossKind::CrossEntropy
                         ? crossEntropySample(z, label, n, dz)
                         : squaredErrorSample(z, label, targets.values, targets.firstColumn + i, n, dz);
    }
    return sums;
}

} // namespace

LossSums lossAndGradient(LossKind kind, const Eigen::Ref<const Eigen::MatrixXf>& logits,
                         const ChunkTargets& targets, double n, Eigen::MatrixXf& dLogits) {
    assert(dLogits.rows() == logits.rows() && dLogits.cols() >= logits.cols());
    return evaluateLoss(kind, logits, targets, n, &dLogits);
}

LossSums lossOnly(LossKind kind, const Eigen::Ref<const Eigen::MatrixXf>& logits, const ChunkTargets& targets,
                  double n) {
    return evaluateLoss(kind, logits, targets, n, nullptr);
}

} // namespace rankscope
