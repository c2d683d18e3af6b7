// ConvBlock: one convolutional block of the network, conv2d (+ bias) -> ReLU (+ identity skip) ->
// optional max pooling, with PyTorch's semantics (common/conv_spec.h), forward and backward on a batch.
//
// Legend: B = batch size, C = input channels, H x W = input size, O = output channels, k = kernel,
// Ho x Wo = convolution output size, Hp x Wp = pooled size, K = C k k (patch length).
// Images inside the network are stored channels-last: an activation is a matrix [channels, B * pixels]
// whose column b * pixels + y * width + x holds every channel of pixel (y, x) of sample b.
//
// The network's W [O, K] is the weight [O, C, k, k] reshaped (PyTorch's flattening, column
// c k k + i k + j: the very matrix the measures analyse). The block works with its columns permuted to
// tap-major order, column (i k + j) C + c, so that one kernel row of a patch is a single contiguous run
// of the channels-last input (O K floats to permute, negligible next to the products).
// Forward Z = W P + b over the patches P [K, B Ho Wo]; backward dW = dZ P^T (permuted back),
// db = row sums of dZ, dIn = col2im(W^T dZ) (plus dA through the skip). Three ways to compute them
// (convMethod(), common/conv_spec.h):
// - directly from the input (nn/direct_convolution.h), without patches, when the input has at most
//   kDirectConvMaxChannels channels: such patches are too short for a GEMM to pay;
// - by Winograd's F(2×2, 3×3) tiles (nn/winograd_convolution.h) for a 3×3 stride-1 kernel on more;
// - through im2col patches and Eigen GEMMs, each over column panels narrow enough for Eigen to pack
//   its blocks on the stack (nn/gemm_panels.h).
// All go through the batch a chunk of samples at a time (convChunkSamples()), small enough that each
// pass over a chunk's patches (direct: its Z; Winograd: its tiles) finds them in the core's cache; the
// backward pass builds a chunk's patches or tiles again rather than keep the whole batch's out of cache.
// Max pooling is nn/max_pooling.h. The block's parameters live in the network's
// DenseLayer list; the block holds only geometry and work buffers, sized by reserveBatch(), so
// forward()/backward() allocate nothing.
#pragma once

#include "nn/dense_layer.h"
#include "nn/max_pooling.h"
#include "nn/patch_window.h"
#include "nn/winograd_convolution.h"

#include <Eigen/Core>
#include <optional>

namespace rankscope {

class ConvBlock {
public:
    using Activations = Eigen::Block<Eigen::MatrixXf, Eigen::Dynamic, Eigen::Dynamic, true>;

    ConvBlock(const ImageShape& input, const ConvBlockSpec& spec, bool residual);

    const ImageShape& inputShape() const { return m_geometry.input; }
    const ImageShape& outputShape() const { return m_output; } // after pooling
    const ConvBlockSpec& spec() const { return m_geometry.spec; }
    bool residual() const { return m_residual; }
    // How it convolves: directly, by Winograd's tiles or through im2col patches (common/conv_spec.h).
    ConvMethod method() const { return m_method; }
    // The floats its work buffers hold after reserveBatch(maxBatch): what convWorkFloats()
    // (common/conv_spec.h), the settings' memory check, counts for that batch.
    Eigen::Index workFloats() const;
    int patchLength() const { return rankscope::patchLength(m_geometry.input, m_geometry.spec); }

    void reserveBatch(int maxBatch); // allocates

    // in: [C, B H W] channels-last. Returns the block's output [O, B Hp Wp], valid until the next call.
    // Adds layer.b, which is zero in a model without bias (nn/dense_layer.h).
    Activations forward(const DenseLayer& layer, const Eigen::Ref<const Eigen::MatrixXf>& in, int B);
    Activations output(int B);
    // The gradient w.r.t. the block's output, for the layer after it to fill before backward().
    Activations outputGradient(int B);
    // After forward(layer, in, B) and outputGradient() filled: writes layer.dW, layer.db and the
    // gradient w.r.t. `in` (the same input, unchanged) into dIn [C, B H W].
    void backward(DenseLayer& layer, bool bias, const Eigen::Ref<const Eigen::MatrixXf>& in, int B,
                  Eigen::Ref<Eigen::MatrixXf> dIn);
    // The same for the first block, whose input (the data) needs no gradient.
    void backwardParameters(DenseLayer& layer, bool bias, const Eigen::Ref<const Eigen::MatrixXf>& in, int B);

private:
    void toTapMajor(const Eigen::MatrixXf& W);
    void fromTapMajor(Eigen::MatrixXf& dW) const;
    // The work on images [b0, b1) (columns [b0, b1) times the pixels of each buffer).
    void im2col(const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1);
    void col2im(Eigen::Ref<Eigen::MatrixXf> dIn, int b0, int b1) const; // adds into dIn
    // work(b0, b1, first column, columns) for each chunk of samples.
    template <typename Work> void forEachChunk(int B, Work&& work);
    bool poolsBeforeRelu() const { return rankscope::poolsBeforeRelu(m_geometry.spec, m_residual); }
    // The three products on images [b0, b1) (convolution-output columns [start, start + count)), by the
    // block's method: Z = W P + b, dW += dZ P^T and dIn = col2im(W^T dZ), dZ being in m_Z.
    void convolve(const Eigen::VectorXf& b, const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1,
                  Eigen::Index start, Eigen::Index count);
    // dW += dZ P^T and, unless db is null, db += the row sums of dZ.
    void addParameterGradients(const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1,
                               Eigen::Index start, Eigen::Index count, Eigen::VectorXf* db);
    // dIn = col2im(W^T dZ) on the images' input columns.
    void inputGradient(Eigen::Ref<Eigen::MatrixXf> dIn, int b0, int b1, Eigen::Index start,
                       Eigen::Index count);
    Activations activationGradient(Eigen::Index start, Eigen::Index count);
    // layer.dW, layer.db and, unless dIn is null, the gradient w.r.t. the input; turns m_Z into dZ.
    void backPropagate(DenseLayer& layer, bool bias, const Eigen::Ref<const Eigen::MatrixXf>& in, int B,
                       Eigen::Ref<Eigen::MatrixXf>* dIn);

    ConvGeometry m_geometry; // input, convolution output (before pooling), spec
    ImageShape m_output;
    bool m_residual;
    ConvMethod m_method;
    Eigen::Index m_panel;         // columns per GEMM, so that Eigen packs its blocks on the stack
    int m_chunkSamples;           // samples per chunk
    Eigen::MatrixXf m_tapMajorW;  // W with its columns in the patches' order
    Eigen::MatrixXf m_tapMajorDW; // dW in the same order
    Eigen::MatrixXf m_patches;    // P of one chunk [K, chunk Ho Wo], then W^T dZ; empty unless patches
    Eigen::MatrixXf m_Z;          // pre-activation [O, B Ho Wo]; overwritten by dZ in backward
    Eigen::MatrixXf m_A;          // relu(Z) (+ in) [O, B Ho Wo], unless pooling comes first
    std::optional<WinogradConvolution> m_winograd; // when its method
    std::optional<MaxPooling> m_pooling;           // when pooling
    Eigen::MatrixXf m_pooled;                      // [O, B Hp Wp] when pooling
    Eigen::MatrixXf m_dOutput;                     // gradient w.r.t. the output
    Eigen::MatrixXf m_dA; // gradient w.r.t. m_A when m_A is pooled (else m_dOutput is it)
};

} // namespace rankscope
