#include "nn/conv_block.h"

#include "nn/direct_convolution.h"
#include "nn/gemm_panels.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace rankscope {

ConvBlock::ConvBlock(const ImageShape& input, const ConvBlockSpec& spec, bool residual)
    : m_geometry{input, convOutputShape(input, spec), spec}
    , m_output(blockOutputShape(input, spec))
    , m_residual(residual)
    , m_method(convMethod(input, spec))
    , m_panel(gemmPanelColumns(std::max(patchLength(), m_geometry.conv.channels)))
    , m_chunkSamples(convChunkSamples(input, spec)) {
    // Every patch has a tap inside the image (checkConvStack): the kernels index its first one.
    assert(spec.padding < spec.kernel && m_geometry.conv.height >= 1 && m_geometry.conv.width >= 1);
    assert(!residual || m_geometry.conv == input);
    if (spec.pools())
        m_pooling.emplace(m_geometry.conv, spec.pool);
    if (m_method == ConvMethod::Winograd)
        m_winograd.emplace(m_geometry);
}

void ConvBlock::reserveBatch(int maxBatch) {
    const Eigen::Index convColumns = static_cast<Eigen::Index>(maxBatch) * m_geometry.conv.pixels();
    const Eigen::Index outColumns = static_cast<Eigen::Index>(maxBatch) * m_output.pixels();
    m_tapMajorW.resize(m_geometry.conv.channels, patchLength());
    m_tapMajorDW.resize(m_geometry.conv.channels, patchLength());
    const Eigen::Index chunkColumns =
        static_cast<Eigen::Index>(std::min(maxBatch, m_chunkSamples)) * m_geometry.conv.pixels();
    const bool patches = m_method == ConvMethod::Patches;
    m_patches.resize(patches ? patchLength() : 0, patches ? chunkColumns : 0);
    if (m_winograd)
        m_winograd->reserveSamples(std::min(maxBatch, m_chunkSamples));
    m_Z.resize(m_geometry.conv.channels, convColumns);
    m_A.resize(m_geometry.conv.channels, poolsBeforeRelu() ? 0 : convColumns);
    m_dOutput.resize(m_output.channels, outColumns);
    m_pooled.resize(m_output.channels, m_pooling ? outColumns : 0);
    if (m_pooling)
        m_pooling->reserveBatch(maxBatch);
    const bool routesIntoA = m_pooling && !poolsBeforeRelu();
    m_dA.resize(routesIntoA ? m_geometry.conv.channels : 0, routesIntoA ? convColumns : 0);
}

Eigen::Index ConvBlock::workFloats() const {
    return m_patches.size() + m_Z.size() + m_A.size() + m_dA.size() + m_pooled.size() + m_dOutput.size() +
           (m_pooling ? m_pooling->workFloats() : 0) + (m_winograd ? m_winograd->workFloats() : 0);
}

// Column c k² + t of PyTorch's flattening is column t C + c of the tap-major order.
void ConvBlock::toTapMajor(const Eigen::MatrixXf& W) {
    const int C = m_geometry.input.channels, kk = m_geometry.spec.kernel * m_geometry.spec.kernel;
    for (int c = 0; c < C; ++c)
        for (int t = 0; t < kk; ++t)
            m_tapMajorW.col(t * C + c) = W.col(c * kk + t);
}

void ConvBlock::fromTapMajor(Eigen::MatrixXf& dW) const {
    const int C = m_geometry.input.channels, kk = m_geometry.spec.kernel * m_geometry.spec.kernel;
    for (int c = 0; c < C; ++c)
        for (int t = 0; t < kk; ++t)
            dW.col(c * kk + t) = m_tapMajorDW.col(t * C + c);
}

void ConvBlock::im2col(const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1) {
    assert(in.outerStride() == in.rows()); // a kernel row's pixels are one run of floats
    const int C = m_geometry.input.channels, k = m_geometry.spec.kernel;
    const Eigen::Index chunkStart = static_cast<Eigen::Index>(b0) * m_geometry.conv.pixels();
    forEachPatch(m_geometry, b0, b1, [&](Eigen::Index column, const PatchWindow& window) {
        for (int i = 0; i < k; ++i) {
            float* row = m_patches.col(column - chunkStart).data() + i * k * C;
            if (i < window.rowFirst || i >= window.rowLast) {
                std::fill_n(row, k * C, 0.0f);
                continue;
            }
            std::fill(row, row + window.first * C, 0.0f);
            std::copy_n(in.col(window.pixel(i)).data(), (window.last - window.first) * C,
                        row + window.first * C);
            std::fill(row + window.last * C, row + k * C, 0.0f);
        }
    });
}

void ConvBlock::col2im(Eigen::Ref<Eigen::MatrixXf> dIn, int b0, int b1) const {
    assert(dIn.outerStride() == dIn.rows());
    const int C = m_geometry.input.channels, k = m_geometry.spec.kernel;
    const Eigen::Index chunkStart = static_cast<Eigen::Index>(b0) * m_geometry.conv.pixels();
    forEachPatch(m_geometry, b0, b1, [&](Eigen::Index column, const PatchWindow& window) {
        const Eigen::Index length = (window.last - window.first) * C;
        for (int i = window.rowFirst; i < window.rowLast; ++i)
            Eigen::Map<Eigen::VectorXf>(dIn.col(window.pixel(i)).data(), length) +=
                Eigen::Map<const Eigen::VectorXf>(
                    m_patches.col(column - chunkStart).data() + (i * k + window.first) * C, length);
    });
}

template <typename Work> void ConvBlock::forEachChunk(int B, Work&& work) {
    for (int b0 = 0; b0 < B; b0 += m_chunkSamples)
        work(b0, std::min(B, b0 + m_chunkSamples), static_cast<Eigen::Index>(b0) * m_geometry.conv.pixels(),
             static_cast<Eigen::Index>(std::min(B, b0 + m_chunkSamples) - b0) * m_geometry.conv.pixels());
}

void ConvBlock::convolve(const Eigen::VectorXf& b, const Eigen::Ref<const Eigen::MatrixXf>& in, int b0,
                         int b1, Eigen::Index start, Eigen::Index count) {
    if (m_method == ConvMethod::Direct) {
        directConvolve(m_geometry, m_tapMajorW, b, in, b0, b1, m_Z);
        return;
    }
    if (m_winograd) {
        m_winograd->convolve(b, in, b0, b1, m_Z);
        return;
    }
    im2col(in, b0, b1);
    // Z = W P + b; starting from b spares the pass with which Eigen would zero Z before accumulating.
    forEachPanel(start, count, m_panel, [&](Eigen::Index panel, Eigen::Index width) {
        auto Z = m_Z.middleCols(panel, width);
        Z.colwise() = b;
        Z.noalias() += m_tapMajorW * m_patches.middleCols(panel - start, width);
    });
}

void ConvBlock::addParameterGradients(const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1,
                                      Eigen::Index start, Eigen::Index count, Eigen::VectorXf* db) {
    if (m_method == ConvMethod::Direct) {
        directWeightGradient(m_geometry, m_Z, in, b0, b1, m_tapMajorDW, db);
        return;
    }
    if (db)
        db->noalias() += m_Z.middleCols(start, count).rowwise().sum();
    if (m_winograd) {
        m_winograd->addWeightGradient(m_Z, in, b0, b1, m_tapMajorDW);
        return;
    }
    im2col(in, b0, b1);
    forEachPanel(start, count, m_panel, [&](Eigen::Index panel, Eigen::Index width) { // dW += dZ P^T
        m_tapMajorDW.noalias() +=
            m_Z.middleCols(panel, width) * m_patches.middleCols(panel - start, width).transpose();
    });
}

void ConvBlock::inputGradient(Eigen::Ref<Eigen::MatrixXf> dIn, int b0, int b1, Eigen::Index start,
                              Eigen::Index count) {
    if (m_winograd) {
        m_winograd->inputGradient(m_Z, b0, b1, dIn);
        return;
    }
    const Eigen::Index inStart = static_cast<Eigen::Index>(b0) * m_geometry.input.pixels();
    dIn.middleCols(inStart, static_cast<Eigen::Index>(b1 - b0) * m_geometry.input.pixels()).setZero();
    if (m_method == ConvMethod::Direct) {
        directInputGradient(m_geometry, m_tapMajorW, m_Z, b0, b1, dIn);
        return;
    }
    forEachPanel(start, count, m_panel, [&](Eigen::Index panel, Eigen::Index width) { // dP = W^T dZ
        m_patches.middleCols(panel - start, width).noalias() =
            m_tapMajorW.transpose() * m_Z.middleCols(panel, width);
    });
    col2im(dIn, b0, b1);
}

ConvBlock::Activations ConvBlock::forward(const DenseLayer& layer,
                                          const Eigen::Ref<const Eigen::MatrixXf>& in, int B) {
    assert(B * m_geometry.conv.pixels() <= m_Z.cols() && in.rows() == m_geometry.input.channels);
    toTapMajor(layer.W);
    if (m_winograd)
        m_winograd->setKernel(m_tapMajorW);
    forEachChunk(B, [&](int b0, int b1, Eigen::Index start, Eigen::Index count) {
        convolve(layer.b, in, b0, b1, start, count);
        if (poolsBeforeRelu()) {
            m_pooling->forward(m_Z, 0.0f, m_pooled, b0, b1); // relu(max Z)
            return;
        }
        auto A = m_A.middleCols(start, count);
        A = m_Z.middleCols(start, count).cwiseMax(0.0f);
        if (m_residual)
            A += in.middleCols(start, count);
        if (m_pooling)
            m_pooling->forward(m_A, -std::numeric_limits<float>::infinity(), m_pooled, b0, b1);
    });
    return output(B);
}

ConvBlock::Activations ConvBlock::output(int B) {
    const Eigen::Index n = static_cast<Eigen::Index>(B) * m_output.pixels();
    return m_pooling ? m_pooled.leftCols(n) : m_A.leftCols(n);
}

ConvBlock::Activations ConvBlock::outputGradient(int B) {
    return m_dOutput.leftCols(static_cast<Eigen::Index>(B) * m_output.pixels());
}

// dA, the gradient w.r.t. relu(Z) (+ in): routed through the pooling, or the output's gradient itself.
ConvBlock::Activations ConvBlock::activationGradient(Eigen::Index start, Eigen::Index count) {
    return m_pooling ? m_dA.middleCols(start, count) : m_dOutput.middleCols(start, count);
}

void ConvBlock::backPropagate(DenseLayer& layer, bool bias, const Eigen::Ref<const Eigen::MatrixXf>& in,
                              int B, Eigen::Ref<Eigen::MatrixXf>* dIn) {
    assert(in.rows() == m_geometry.input.channels &&
           in.cols() >= static_cast<Eigen::Index>(B) * m_geometry.input.pixels());
    m_tapMajorDW.setZero();
    if (bias)
        layer.db.setZero();
    forEachChunk(B, [&](int b0, int b1, Eigen::Index start, Eigen::Index count) {
        auto dZ = m_Z.middleCols(start, count); // in place of Z
        if (poolsBeforeRelu()) {
            // The pooled output is relu(max Z): a window's gradient reaches its maximum if that is positive.
            m_pooling->backward(m_dOutput, m_Z, b0, b1);
        } else {
            if (m_pooling)
                m_pooling->backward(m_dOutput, m_dA, b0, b1);
            const auto dA = activationGradient(start, count);
            dZ.array() = (dZ.array() > 0.0f).select(dA.array(), 0.0f); // dZ = dA * relu'(Z)
        }
        addParameterGradients(in, b0, b1, start, count, bias ? &layer.db : nullptr);
        if (!dIn)
            return;
        inputGradient(*dIn, b0, b1, start, count);
        if (m_residual) { // the skip carries dA straight through (same shape as the input)
            const Eigen::Index inStart = static_cast<Eigen::Index>(b0) * m_geometry.input.pixels();
            dIn->middleCols(inStart, count) += activationGradient(start, count);
        }
    });
    fromTapMajor(layer.dW);
}

void ConvBlock::backwardParameters(DenseLayer& layer, bool bias, const Eigen::Ref<const Eigen::MatrixXf>& in,
                                   int B) {
    backPropagate(layer, bias, in, B, nullptr);
}

void ConvBlock::backward(DenseLayer& layer, bool bias, const Eigen::Ref<const Eigen::MatrixXf>& in, int B,
                         Eigen::Ref<Eigen::MatrixXf> dIn) {
    assert(dIn.cols() >= static_cast<Eigen::Index>(B) * m_geometry.input.pixels());
    backPropagate(layer, bias, in, B, &dIn);
}

} // namespace rankscope
