// Mlp: a deep ReLU multilayer perceptron in float32 with hand-written forward and backward passes.
//
// Legend (karpathy/llm.c style): L = number of weight matrices (hidden layers + classifier),
// B = batch size, W_l = weight matrix [out_l, in_l] (PyTorch's layout), b_l = bias [out_l],
// A_0 = input batch [d, B] (one sample per column), Z_l = W_l A_{l-1} + b_l (pre-activation),
// A_l = relu(Z_l) for hidden layers, plus A_{l-1} when the layer is residual (equal widths,
// not the first layer). The classifier's Z_L are the logits; there is no activation after it.
//
// All work buffers are sized once by reserveBatch(); forward()/backward() then run without any heap
// allocation (tests/core/nn/test_mlp checks this with EIGEN_RUNTIME_NO_MALLOC). Initialisation
// follows torch.nn.Linear: W, b ~ U(-1/sqrt(in), 1/sqrt(in)).
// Not here: losses (loss.h), parameter updates (sgd.h), the training loop (trainer.h).
#pragma once

#include "common/rng.h"

#include <Eigen/Core>
#include <vector>

namespace rankscope {

struct DenseLayer {
    Eigen::MatrixXf W;  // [out, in]
    Eigen::VectorXf b;  // [out]; all zero and never updated when the model has no bias
    Eigen::MatrixXf dW; // gradient of the loss w.r.t. W
    Eigen::VectorXf db;
    bool residual = false; // A_l = relu(Z_l) + A_{l-1}
    bool hidden = true;    // false for the classifier (no ReLU)
};

struct MlpShape {
    int inputDim = 0;
    std::vector<int> hidden; // empty: a linear model
    int outputDim = 0;
    bool bias = true;
    bool residual = false;
};

class Mlp {
public:
    Mlp(const MlpShape& shape, Rng& initRng);
    // A network with given parameters (e.g. a snapshot's copy, evaluated off the training thread).
    Mlp(const MlpShape& shape, const std::vector<Eigen::MatrixXf>& weights,
        const std::vector<Eigen::VectorXf>& biases);

    // Sizes the activation buffers for batches of up to maxBatch samples (allocates).
    void reserveBatch(int maxBatch);
    int reservedBatch() const { return m_reservedBatch; }

    // Forward pass on the batch X [d, B] (B <= reservedBatch()); returns a view of the logits [k, B].
    Eigen::MatrixXf::ColsBlockXpr forward(const Eigen::Ref<const Eigen::MatrixXf>& X);
    // Backward pass after forward(X): dLogits [k, >=B] -> fills every layer's dW and db.
    void backward(const Eigen::Ref<const Eigen::MatrixXf>& X, const Eigen::MatrixXf& dLogits);

    std::vector<DenseLayer>& layers() { return m_layers; }
    const std::vector<DenseLayer>& layers() const { return m_layers; }
    const MlpShape& shape() const { return m_shape; }
    int parameterCount() const;
    int weightCount() const; // entries of the weight matrices only

private:
    explicit Mlp(const MlpShape& shape); // layers of the right shapes, all zero

    MlpShape m_shape;
    std::vector<DenseLayer> m_layers;
    std::vector<Eigen::MatrixXf> m_Z;  // pre-activations per layer [out_l, reserved]
    std::vector<Eigen::MatrixXf> m_A;  // activations of hidden layers [out_l, reserved]
    std::vector<Eigen::MatrixXf> m_dA; // gradient w.r.t. A_l of hidden layers
    Eigen::MatrixXf m_dZ;              // scratch gradient w.r.t. Z_l, [max width, reserved]
    int m_reservedBatch = 0;
};

} // namespace rankscope
