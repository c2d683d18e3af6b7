// MaxPooling: PyTorch's nn.MaxPool2d with window = stride = p on a channels-last activation
// [channels, B pixels] (nn/conv_block.h), forward and backward on images [b0, b1).
//
// The backward pass routes each window's gradient to its first position, in row order, that holds the
// maximum, as PyTorch's CPU kernel does. The forward pass records that position (the window's winner),
// so the backward pass reads only the winners and the gradient, not the pooled values again.
// Pixels that no window covers (a size not divisible by p) get zero gradient.
#pragma once

#include "common/conv_spec.h"

#include <Eigen/Core>

namespace rankscope {

class MaxPooling {
public:
    MaxPooling(const ImageShape& input, int pool);

    void reserveBatch(int maxBatch); // allocates
    Eigen::Index workFloats() const { return m_winners.size(); }

    // pooled = max(the maximum of each window of `values`, floor): `floor` = 0 is a ReLU after the
    // pooling, -infinity none. A window whose maximum is not above `floor` routes no gradient.
    void forward(const Eigen::MatrixXf& values, float floor, Eigen::MatrixXf& pooled, int b0, int b1);
    // dValues = each window's gradient dPooled at its winner, zero elsewhere.
    void backward(const Eigen::MatrixXf& dPooled, Eigen::MatrixXf& dValues, int b0, int b1) const;

private:
    // Calls visit(pooled column, input column of the window's top-left pixel) for every window.
    template <typename Visit> void forEachWindow(int b0, int b1, Visit&& visit) const;
    void zeroUncovered(Eigen::MatrixXf& dValues, int b0, int b1) const;

    ImageShape m_input, m_output;
    int m_pool;
    // Per pooled entry, the winner's position i p + j in its window, or -1 where no gradient passes;
    // floats, so that they are compared in the same vector registers as the values.
    Eigen::MatrixXf m_winners;
};

} // namespace rankscope
