#include "nn/conv_block.h"

#include <algorithm>
#include <cassert>

namespace rankscope {
namespace {

// Eigen's GEMM packs its operand blocks on the stack up to EIGEN_STACK_ALLOCATION_LIMIT (128 KiB) and
// on the heap beyond; a product over at most this many floats per operand panel never allocates.
constexpr Eigen::Index kPanelFloats = 24 * 1024;

// Visits the im2col layout of a convolution over B images: for every output pixel (one patch column)
// and kernel tap (i·k + j), the input column the tap reads, or -1 where it lies in the zero padding.
// The patch column holds channel c of tap t at row c·k² + t, PyTorch's [in, kh, kw] weight order.
template <typename Visit>
void forEachKernelTap(const ImageShape& input, const ImageShape& conv, const ConvBlockSpec& spec, int B,
                      Visit&& visit) {
    const int k = spec.kernel, s = spec.stride, pad = spec.padding;
    const int H = input.height, W = input.width;
    Eigen::Index column = 0;
    for (int b = 0; b < B; ++b) {
        const Eigen::Index sampleStart = static_cast<Eigen::Index>(b) * input.pixels();
        for (int oy = 0; oy < conv.height; ++oy)
            for (int ox = 0; ox < conv.width; ++ox, ++column)
                for (int i = 0; i < k; ++i) {
                    const int y = oy * s - pad + i;
                    for (int j = 0; j < k; ++j) {
                        const int x = ox * s - pad + j;
                        const bool inside = y >= 0 && y < H && x >= 0 && x < W;
                        visit(column, i * k + j, inside ? sampleStart + y * W + x : Eigen::Index{-1});
                    }
                }
    }
}

} // namespace

ConvBlock::ConvBlock(const ImageShape& input, const ConvBlockSpec& spec, bool residual)
    : m_input(input)
    , m_conv(convOutputShape(input, spec))
    , m_output(blockOutputShape(input, spec))
    , m_spec(spec)
    , m_residual(residual)
    , m_panel(std::max<Eigen::Index>(1, kPanelFloats / std::max(patchLength(), m_conv.channels))) {
    assert(!residual || m_conv == input);
}

void ConvBlock::reserveBatch(int maxBatch) {
    const Eigen::Index convColumns = static_cast<Eigen::Index>(maxBatch) * m_conv.pixels();
    const Eigen::Index outColumns = static_cast<Eigen::Index>(maxBatch) * m_output.pixels();
    m_patches.resize(patchLength(), convColumns);
    m_Z.resize(m_conv.channels, convColumns);
    m_A.resize(m_conv.channels, convColumns);
    m_dOutput.resize(m_output.channels, outColumns);
    const Eigen::Index pooledColumns = m_spec.pools() ? outColumns : 0;
    m_pooled.resize(m_output.channels, pooledColumns);
    m_poolSource.resize(m_output.channels, pooledColumns);
    m_dA.resize(m_spec.pools() ? m_conv.channels : 0, m_spec.pools() ? convColumns : 0);
}

void ConvBlock::im2col(const Eigen::Ref<const Eigen::MatrixXf>& in, int B) {
    const int C = m_input.channels, kk = m_spec.kernel * m_spec.kernel;
    forEachKernelTap(m_input, m_conv, m_spec, B, [&](Eigen::Index column, int tap, Eigen::Index pixel) {
        float* entry = m_patches.col(column).data() + tap;
        if (pixel < 0) {
            for (int c = 0; c < C; ++c)
                entry[c * kk] = 0.0f;
            return;
        }
        const float* value = in.col(pixel).data();
        for (int c = 0; c < C; ++c)
            entry[c * kk] = value[c];
    });
}

void ConvBlock::col2im(Eigen::Ref<Eigen::MatrixXf> dIn, int B) const {
    const int C = m_input.channels, kk = m_spec.kernel * m_spec.kernel;
    forEachKernelTap(m_input, m_conv, m_spec, B, [&](Eigen::Index column, int tap, Eigen::Index pixel) {
        if (pixel < 0)
            return;
        const float* entry = m_patches.col(column).data() + tap;
        float* value = dIn.col(pixel).data();
        for (int c = 0; c < C; ++c)
            value[c] += entry[c * kk];
    });
}

void ConvBlock::maxPool(int B) {
    const int p = m_spec.pool, O = m_output.channels;
    const int Wo = m_conv.width;
    Eigen::Index column = 0;
    for (int b = 0; b < B; ++b) {
        const Eigen::Index sampleStart = static_cast<Eigen::Index>(b) * m_conv.pixels();
        for (int py = 0; py < m_output.height; ++py)
            for (int px = 0; px < m_output.width; ++px, ++column) {
                float* best = m_pooled.col(column).data();
                int* source = m_poolSource.col(column).data();
                // Window pixels in row order; a strictly larger value wins, so ties keep the first.
                for (int i = 0; i < p; ++i)
                    for (int j = 0; j < p; ++j) {
                        const Eigen::Index from = sampleStart + (py * p + i) * Wo + px * p + j;
                        const float* value = m_A.col(from).data();
                        const bool first = i == 0 && j == 0;
                        for (int c = 0; c < O; ++c)
                            if (first || value[c] > best[c]) {
                                best[c] = value[c];
                                source[c] = static_cast<int>(from);
                            }
                    }
            }
    }
}

void ConvBlock::maxPoolBackward(int B) {
    const Eigen::Index columns = static_cast<Eigen::Index>(B) * m_output.pixels();
    m_dA.leftCols(static_cast<Eigen::Index>(B) * m_conv.pixels()).setZero();
    for (Eigen::Index column = 0; column < columns; ++column)
        for (int c = 0; c < m_output.channels; ++c)
            m_dA(c, m_poolSource(c, column)) += m_dOutput(c, column);
}

ConvBlock::Activations ConvBlock::forward(const DenseLayer& layer, bool bias,
                                          const Eigen::Ref<const Eigen::MatrixXf>& in, int B) {
    assert(B * m_conv.pixels() <= m_Z.cols() && in.rows() == m_input.channels);
    const Eigen::Index n = static_cast<Eigen::Index>(B) * m_conv.pixels();
    im2col(in, B);
    auto Z = m_Z.leftCols(n);
    for (Eigen::Index start = 0; start < n; start += m_panel) {
        const Eigen::Index width = std::min(m_panel, n - start);
        Z.middleCols(start, width).noalias() = layer.W * m_patches.middleCols(start, width);
    }
    if (bias)
        Z.colwise() += layer.b;
    auto A = m_A.leftCols(n);
    A = Z.cwiseMax(0.0f);
    if (m_residual)
        A += in.leftCols(n);
    if (m_spec.pools())
        maxPool(B);
    return output(B);
}

ConvBlock::Activations ConvBlock::output(int B) {
    const Eigen::Index n = static_cast<Eigen::Index>(B) * m_output.pixels();
    return m_spec.pools() ? m_pooled.leftCols(n) : m_A.leftCols(n);
}

ConvBlock::Activations ConvBlock::outputGradient(int B) {
    return m_dOutput.leftCols(static_cast<Eigen::Index>(B) * m_output.pixels());
}

void ConvBlock::parameterGradients(DenseLayer& layer, bool bias, int B) {
    const Eigen::Index n = static_cast<Eigen::Index>(B) * m_conv.pixels();
    if (m_spec.pools())
        maxPoolBackward(B);
    const auto dA = m_spec.pools() ? m_dA.leftCols(n) : m_dOutput.leftCols(n);
    auto dZ = m_Z.leftCols(n); // dZ = dA * relu'(Z), in place of Z
    dZ.array() = (dZ.array() > 0.0f).select(dA.array(), 0.0f);
    layer.dW.setZero();
    for (Eigen::Index start = 0; start < n; start += m_panel) {
        const Eigen::Index width = std::min(m_panel, n - start);
        layer.dW.noalias() += dZ.middleCols(start, width) * m_patches.middleCols(start, width).transpose();
    }
    if (bias)
        layer.db.noalias() = dZ.rowwise().sum();
}

void ConvBlock::backwardParameters(DenseLayer& layer, bool bias, int B) {
    parameterGradients(layer, bias, B);
}

void ConvBlock::backward(DenseLayer& layer, bool bias, int B, Eigen::Ref<Eigen::MatrixXf> dIn) {
    const Eigen::Index n = static_cast<Eigen::Index>(B) * m_conv.pixels();
    parameterGradients(layer, bias, B);
    const Eigen::Index inColumns = static_cast<Eigen::Index>(B) * m_input.pixels();
    assert(dIn.cols() >= inColumns);
    if (m_residual) // the skip carries dA straight through (same shape as the input)
        dIn.leftCols(inColumns) = m_spec.pools() ? m_dA.leftCols(n) : m_dOutput.leftCols(n);
    else
        dIn.leftCols(inColumns).setZero();
    for (Eigen::Index start = 0; start < n; start += m_panel) { // dP = W^T dZ
        const Eigen::Index width = std::min(m_panel, n - start);
        m_patches.middleCols(start, width).noalias() = layer.W.transpose() * m_Z.middleCols(start, width);
    }
    col2im(dIn, B);
}

} // namespace rankscope
