// DenseLayer: the parameters of one weight layer and their gradients. A dense layer's W is [out, in];
// a conv layer's W is its kernel [out, in, k, k] reshaped to [out, in k k] (nn/conv_block.h), the
// matrix every measure analyses, so the optimizer, the snapshots and the measures treat both alike.
#pragma once

#include <Eigen/Core>

namespace rankscope {

struct DenseLayer {
    Eigen::MatrixXf W;  // [out, in]
    Eigen::VectorXf b;  // [out]; all zero and never updated when the model has no bias
    Eigen::MatrixXf dW; // gradient of the loss w.r.t. W
    Eigen::VectorXf db;
    bool residual = false; // A_l = relu(Z_l) + A_{l-1}
    bool hidden = true;    // false for the classifier (no ReLU)
};

} // namespace rankscope
