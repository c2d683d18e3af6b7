#include "nn/network.h"

#include <cassert>
#include <cmath>

namespace rankscope {
namespace {

DenseLayer zeroLayer(Eigen::Index out, Eigen::Index in) {
    DenseLayer layer;
    layer.W = Eigen::MatrixXf::Zero(out, in);
    layer.b = Eigen::VectorXf::Zero(out);
    layer.dW = Eigen::MatrixXf::Zero(out, in);
    layer.db = Eigen::VectorXf::Zero(out);
    return layer;
}

} // namespace

Network::Network(const NetworkShape& shape)
    : m_shape(shape) {
    ImageShape image = shape.image;
    for (std::size_t i = 0; i < shape.conv.size(); ++i) {
        const ConvBlockSpec& spec = shape.conv[i];
        const bool residual = hasConvSkip(shape.residual, static_cast<int>(i), image, spec);
        m_conv.emplace_back(image, spec, residual);
        DenseLayer layer = zeroLayer(spec.channels, m_conv.back().patchLength());
        layer.residual = residual;
        m_layers.push_back(std::move(layer));
        image = m_conv.back().outputShape();
    }
    assert(shape.conv.empty() || shape.image.size() == shape.inputDim);
    std::vector<int> widths = {shape.conv.empty() ? shape.inputDim : image.size()};
    widths.insert(widths.end(), shape.hidden.begin(), shape.hidden.end());
    widths.push_back(shape.outputDim);
    const int denseCount = static_cast<int>(widths.size()) - 1;
    for (int l = 0; l < denseCount; ++l) {
        DenseLayer layer = zeroLayer(widths[l + 1], widths[l]);
        layer.hidden = l + 1 < denseCount;
        layer.residual = shape.residual && layer.hidden && l > 0 && widths[l] == widths[l + 1];
        m_layers.push_back(std::move(layer));
    }
}

Network::Network(const NetworkShape& shape, Rng& initRng)
    : Network(shape) {
    for (DenseLayer& layer : m_layers) {
        // torch.nn.Linear and Conv2d.reset_parameters: kaiming_uniform(a = sqrt(5)) -> bound
        // 1/sqrt(fan_in); fan_in = in for Linear, in k k for Conv2d: the columns of W either way.
        const double bound = 1.0 / std::sqrt(static_cast<double>(layer.W.cols()));
        for (Eigen::Index j = 0; j < layer.W.cols(); ++j)
            for (Eigen::Index i = 0; i < layer.W.rows(); ++i)
                layer.W(i, j) = static_cast<float>(uniform(initRng, -bound, bound));
        if (shape.bias)
            for (Eigen::Index i = 0; i < layer.b.size(); ++i)
                layer.b(i) = static_cast<float>(uniform(initRng, -bound, bound));
    }
}

Network::Network(const NetworkShape& shape, const std::vector<Eigen::MatrixXf>& weights,
                 const std::vector<Eigen::VectorXf>& biases)
    : Network(shape) {
    assert(weights.size() == m_layers.size() && biases.size() == m_layers.size());
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        m_layers[l].W = weights[l];
        if (shape.bias) // without, b stays zero (nn/dense_layer.h): the products may add it unasked
            m_layers[l].b = biases[l];
    }
}

void Network::reserveBatch(int maxBatch) {
    assert(maxBatch > 0);
    if (maxBatch == m_reservedBatch)
        return;
    const int L = static_cast<int>(m_layers.size());
    m_Z.resize(L);
    m_A.resize(L);
    m_dA.resize(L);
    Eigen::Index widest = 0;
    for (int l = convLayerCount(); l < L; ++l) {
        const Eigen::Index out = m_layers[l].W.rows();
        widest = std::max(widest, out);
        m_Z[l].resize(out, maxBatch);
        m_A[l].resize(m_layers[l].hidden ? out : 0, maxBatch);
        m_dA[l].resize(m_layers[l].hidden ? out : 0, maxBatch);
    }
    m_dZ.resize(widest, maxBatch);
    if (!m_conv.empty()) {
        for (ConvBlock& block : m_conv)
            block.reserveBatch(maxBatch);
        m_image.resize(m_shape.image.channels, static_cast<Eigen::Index>(maxBatch) * m_shape.image.pixels());
        const int features = m_conv.back().outputShape().size();
        m_features.resize(features, maxBatch);
        m_dFeatures.resize(features, maxBatch);
    }
    m_reservedBatch = maxBatch;
}

Eigen::Ref<const Eigen::MatrixXf> Network::channelsLast(const Eigen::Ref<const Eigen::MatrixXf>& X,
                                                        Eigen::Index B) const {
    const Eigen::Index columns = B * m_shape.image.pixels();
    if (readsImagesInPlace(X))
        return Eigen::Map<const Eigen::MatrixXf>(X.data(), 1, columns);
    return m_image.leftCols(columns);
}

bool Network::readsImagesInPlace(const Eigen::Ref<const Eigen::MatrixXf>& X) const {
    return m_shape.image.channels == 1 && X.outerStride() == X.rows();
}

void Network::convForward(const Eigen::Ref<const Eigen::MatrixXf>& X, Eigen::Index B) {
    const int channels = m_shape.image.channels, pixels = m_shape.image.pixels();
    if (!readsImagesInPlace(X))
        // A sample's column is C-H-W: as a column-major [pixels, C] matrix, its transpose is channels-last.
        for (Eigen::Index b = 0; b < B; ++b)
            m_image.middleCols(b * pixels, pixels) =
                Eigen::Map<const Eigen::MatrixXf>(X.col(b).data(), pixels, channels).transpose();
    const Eigen::Ref<const Eigen::MatrixXf> image = channelsLast(X, B);
    const int batch = static_cast<int>(B);
    for (std::size_t i = 0; i < m_conv.size(); ++i) {
        const auto in = i == 0 ? image : Eigen::Ref<const Eigen::MatrixXf>(m_conv[i - 1].output(batch));
        m_conv[i].forward(m_layers[i], in, batch);
    }
    const ImageShape& last = m_conv.back().outputShape();
    const auto out = m_conv.back().output(batch);
    for (Eigen::Index b = 0; b < B; ++b) // flatten: the inverse of the transpose above
        Eigen::Map<Eigen::MatrixXf>(m_features.col(b).data(), last.pixels(), last.channels) =
            out.middleCols(b * last.pixels(), last.pixels()).transpose();
}

void Network::convBackward(const Eigen::Ref<const Eigen::MatrixXf>& X, Eigen::Index B) {
    const ImageShape& last = m_conv.back().outputShape();
    const int batch = static_cast<int>(B);
    auto dOut = m_conv.back().outputGradient(batch);
    for (Eigen::Index b = 0; b < B; ++b)
        dOut.middleCols(b * last.pixels(), last.pixels()) =
            Eigen::Map<const Eigen::MatrixXf>(m_dFeatures.col(b).data(), last.pixels(), last.channels)
                .transpose();
    for (int i = convLayerCount() - 1; i > 0; --i)
        m_conv[i].backward(m_layers[i], m_shape.bias, m_conv[i - 1].output(batch), batch,
                           m_conv[i - 1].outputGradient(batch));
    m_conv.front().backwardParameters(m_layers.front(), m_shape.bias, channelsLast(X, B), batch);
}

Eigen::MatrixXf::ColsBlockXpr Network::forward(const Eigen::Ref<const Eigen::MatrixXf>& X) {
    const Eigen::Index B = X.cols();
    assert(B <= m_reservedBatch && X.rows() == m_shape.inputDim);
    const int L = static_cast<int>(m_layers.size());
    const int first = convLayerCount();
    if (first > 0)
        convForward(X, B);
    const auto input = first > 0 ? Eigen::Ref<const Eigen::MatrixXf>(m_features.leftCols(B)) : X;
    for (int l = first; l < L; ++l) {
        const DenseLayer& layer = m_layers[l];
        const auto Aprev = l == first ? input : Eigen::Ref<const Eigen::MatrixXf>(m_A[l - 1].leftCols(B));
        auto Z = m_Z[l].leftCols(B);
        Z.colwise() = layer.b; // Z = W A + b; starting from b spares Eigen's zeroing of Z
        Z.noalias() += layer.W * Aprev;
        if (!layer.hidden)
            break;
        auto A = m_A[l].leftCols(B);
        A = Z.cwiseMax(0.0f);
        if (layer.residual)
            A += Aprev;
    }
    return m_Z[L - 1].leftCols(B);
}

void Network::backward(const Eigen::Ref<const Eigen::MatrixXf>& X, const Eigen::MatrixXf& dLogits) {
    const Eigen::Index B = X.cols();
    assert(B <= m_reservedBatch && dLogits.cols() >= B);
    const int L = static_cast<int>(m_layers.size());
    const int first = convLayerCount();
    const auto input = first > 0 ? Eigen::Ref<const Eigen::MatrixXf>(m_features.leftCols(B)) : X;
    for (int l = L - 1; l >= first; --l) {
        DenseLayer& layer = m_layers[l];
        const Eigen::Index out = layer.W.rows();
        auto dZ = m_dZ.topLeftCorner(out, B);
        if (layer.hidden) // dZ_l = dA_l * relu'(Z_l)
            dZ = m_dA[l].leftCols(B).cwiseProduct((m_Z[l].leftCols(B).array() > 0.0f).cast<float>().matrix());
        else
            dZ = dLogits.topLeftCorner(out, B);
        const auto Aprev = l == first ? input : Eigen::Ref<const Eigen::MatrixXf>(m_A[l - 1].leftCols(B));
        layer.dW.noalias() = dZ * Aprev.transpose(); // dW_l = dZ_l A_{l-1}^T
        if (m_shape.bias)
            layer.db.noalias() = dZ.rowwise().sum();
        if (l == first) {
            if (first > 0) {
                m_dFeatures.leftCols(B).noalias() = layer.W.transpose() * dZ;
                convBackward(X, B);
            }
            break;
        }
        auto dAprev = m_dA[l - 1].leftCols(B);
        dAprev.noalias() = layer.W.transpose() * dZ; // dA_{l-1} = W_l^T dZ_l (+ dA_l through the skip)
        if (layer.residual)
            dAprev += m_dA[l].leftCols(B);
    }
}

QString Network::layerName(int l) const {
    if (m_conv.empty())
        return {};
    if (l < convLayerCount())
        return convLayerName(l + 1, m_conv[l].inputShape().channels, m_conv[l].spec());
    return denseLayerName(l + 1, static_cast<int>(m_layers[l].W.cols()),
                          static_cast<int>(m_layers[l].W.rows()));
}

int Network::parameterCount() const {
    int count = 0;
    for (const DenseLayer& layer : m_layers)
        count += static_cast<int>(layer.W.size() + (m_shape.bias ? layer.b.size() : 0));
    return count;
}

int Network::weightCount() const {
    int count = 0;
    for (const DenseLayer& layer : m_layers)
        count += static_cast<int>(layer.W.size());
    return count;
}

} // namespace rankscope
