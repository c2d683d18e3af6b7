// Network: the deep ReLU network in float32 with hand-written forward and backward passes: optional
// conv blocks (nn/conv_block.h, model.kind = "cnn"), flattened in C-H-W order, then dense layers.
//
// Legend (karpathy/llm.c style): L = number of weight matrices (conv layers, hidden dense layers and
// the classifier), B = batch size, W_l = weight matrix [out_l, in_l] (PyTorch's layout; a conv layer's
// kernel [out, in, k, k] reshaped to [out, in k k]), b_l = bias [out_l], A_0 = input batch [d, B] (one
// sample per column; images flattened in C-H-W order), Z_l = W_l A_{l-1} + b_l (pre-activation),
// A_l = relu(Z_l) for hidden layers, plus A_{l-1} when the layer is residual (equal widths, or equal
// image shapes for conv blocks; never the first layer). The classifier's Z_L are the logits; there is
// no activation after it.
//
// All work buffers are sized once by reserveBatch(); forward()/backward() then run without any heap
// allocation (tests/core/nn/test_trainer checks this). Initialisation follows torch.nn.Linear and
// torch.nn.Conv2d, which agree: W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = W's columns.
// Not here: losses (loss.h), parameter updates (sgd.h), the training loop (trainer.h).
#pragma once

#include "common/conv_spec.h"
#include "common/rng.h"
#include "nn/conv_block.h"
#include "nn/dense_layer.h"

#include <Eigen/Core>
#include <vector>

namespace rankscope {

struct NetworkShape {
    int inputDim = 0;
    std::vector<int> hidden; // empty: no hidden dense layer
    int outputDim = 0;
    bool bias = true;
    bool residual = false;
    ImageShape image;                // the input's shape when conv is not empty (image.size() == inputDim)
    std::vector<ConvBlockSpec> conv; // empty: a multilayer perceptron
};

class Network {
public:
    Network(const NetworkShape& shape, Rng& initRng);
    // A network with given parameters (e.g. a snapshot's copy, evaluated off the training thread).
    Network(const NetworkShape& shape, const std::vector<Eigen::MatrixXf>& weights,
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
    const NetworkShape& shape() const { return m_shape; }
    int convLayerCount() const { return static_cast<int>(m_conv.size()); } // the first layers
    const ConvBlock& convBlock(int l) const { return m_conv[l]; }
    // "C1 1→16 3×3" for a conv layer and "D3 1568→128" for a dense one in a CNN; empty in an MLP,
    // whose layers the plots name by their matrices' shapes.
    QString layerName(int l) const;
    int parameterCount() const;
    int weightCount() const; // entries of the weight matrices only

private:
    explicit Network(const NetworkShape& shape); // layers of the right shapes, all zero
    void convForward(const Eigen::Ref<const Eigen::MatrixXf>& X, Eigen::Index B);
    void convBackward(const Eigen::Ref<const Eigen::MatrixXf>& X, Eigen::Index B);
    // The batch X as channels-last images [C, B H W], the first block's input: a grey sample's C-H-W
    // column already is one, so X is read in place; otherwise convForward() transposed it into m_image.
    Eigen::Ref<const Eigen::MatrixXf> channelsLast(const Eigen::Ref<const Eigen::MatrixXf>& X,
                                                   Eigen::Index B) const;
    bool readsImagesInPlace(const Eigen::Ref<const Eigen::MatrixXf>& X) const;

    NetworkShape m_shape;
    std::vector<DenseLayer> m_layers;
    std::vector<ConvBlock> m_conv;     // geometry and buffers of layers 0 .. convLayerCount() - 1
    std::vector<Eigen::MatrixXf> m_Z;  // pre-activations per dense layer [out_l, reserved]
    std::vector<Eigen::MatrixXf> m_A;  // activations of hidden dense layers [out_l, reserved]
    std::vector<Eigen::MatrixXf> m_dA; // gradient w.r.t. A_l of hidden dense layers
    Eigen::MatrixXf m_dZ;              // scratch gradient w.r.t. Z_l, [max width, reserved]
    Eigen::MatrixXf m_image;           // the input images channels-last [C, reserved H W] unless grey
    Eigen::MatrixXf m_features;        // the last block's output flattened C-H-W [F, reserved]
    Eigen::MatrixXf m_dFeatures;       // gradient w.r.t. m_features
    int m_reservedBatch = 0;
};

} // namespace rankscope
