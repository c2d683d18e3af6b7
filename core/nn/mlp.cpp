#include "nn/mlp.h"

#include <cassert>
#include <cmath>

namespace rankscope {

Mlp::Mlp(const MlpShape& shape)
    : m_shape(shape) {
    std::vector<int> widths = {shape.inputDim};
    widths.insert(widths.end(), shape.hidden.begin(), shape.hidden.end());
    widths.push_back(shape.outputDim);
    const int L = static_cast<int>(widths.size()) - 1;
    m_layers.resize(L);
    for (int l = 0; l < L; ++l) {
        const int in = widths[l];
        const int out = widths[l + 1];
        DenseLayer& layer = m_layers[l];
        layer.hidden = l + 1 < L;
        layer.residual = shape.residual && layer.hidden && l > 0 && in == out;
        layer.W = Eigen::MatrixXf::Zero(out, in);
        layer.b = Eigen::VectorXf::Zero(out);
        layer.dW = Eigen::MatrixXf::Zero(out, in);
        layer.db = Eigen::VectorXf::Zero(out);
    }
}

Mlp::Mlp(const MlpShape& shape, Rng& initRng)
    : Mlp(shape) {
    for (DenseLayer& layer : m_layers) {
        // torch.nn.Linear.reset_parameters: kaiming_uniform(a = sqrt(5)) -> bound 1/sqrt(in).
        const double bound = 1.0 / std::sqrt(static_cast<double>(layer.W.cols()));
        for (Eigen::Index j = 0; j < layer.W.cols(); ++j)
            for (Eigen::Index i = 0; i < layer.W.rows(); ++i)
                layer.W(i, j) = static_cast<float>(uniform(initRng, -bound, bound));
        if (shape.bias)
            for (Eigen::Index i = 0; i < layer.b.size(); ++i)
                layer.b(i) = static_cast<float>(uniform(initRng, -bound, bound));
    }
}

Mlp::Mlp(const MlpShape& shape, const std::vector<Eigen::MatrixXf>& weights,
         const std::vector<Eigen::VectorXf>& biases)
    : Mlp(shape) {
    assert(weights.size() == m_layers.size() && biases.size() == m_layers.size());
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        m_layers[l].W = weights[l];
        m_layers[l].b = biases[l];
    }
}

void Mlp::reserveBatch(int maxBatch) {
    assert(maxBatch > 0);
    if (maxBatch == m_reservedBatch)
        return;
    const int L = static_cast<int>(m_layers.size());
    m_Z.resize(L);
    m_A.resize(L);
    m_dA.resize(L);
    Eigen::Index widest = 0;
    for (int l = 0; l < L; ++l) {
        const Eigen::Index out = m_layers[l].W.rows();
        widest = std::max(widest, out);
        m_Z[l].resize(out, maxBatch);
        m_A[l].resize(m_layers[l].hidden ? out : 0, maxBatch);
        m_dA[l].resize(m_layers[l].hidden ? out : 0, maxBatch);
    }
    m_dZ.resize(widest, maxBatch);
    m_reservedBatch = maxBatch;
}

Eigen::MatrixXf::ColsBlockXpr Mlp::forward(const Eigen::Ref<const Eigen::MatrixXf>& X) {
    const Eigen::Index B = X.cols();
    assert(B <= m_reservedBatch && X.rows() == m_shape.inputDim);
    const int L = static_cast<int>(m_layers.size());
    for (int l = 0; l < L; ++l) {
        const DenseLayer& layer = m_layers[l];
        const auto Aprev = l == 0 ? X : Eigen::Ref<const Eigen::MatrixXf>(m_A[l - 1].leftCols(B));
        auto Z = m_Z[l].leftCols(B);
        Z.noalias() = layer.W * Aprev;
        if (m_shape.bias)
            Z.colwise() += layer.b;
        if (!layer.hidden)
            break;
        auto A = m_A[l].leftCols(B);
        A = Z.cwiseMax(0.0f);
        if (layer.residual)
            A += Aprev;
    }
    return m_Z[L - 1].leftCols(B);
}

void Mlp::backward(const Eigen::Ref<const Eigen::MatrixXf>& X, const Eigen::MatrixXf& dLogits) {
    const Eigen::Index B = X.cols();
    assert(B <= m_reservedBatch && dLogits.cols() >= B);
    const int L = static_cast<int>(m_layers.size());
    for (int l = L - 1; l >= 0; --l) {
        DenseLayer& layer = m_layers[l];
        const Eigen::Index out = layer.W.rows();
        auto dZ = m_dZ.topLeftCorner(out, B);
        if (layer.hidden) // dZ_l = dA_l * relu'(Z_l)
            dZ = m_dA[l].leftCols(B).cwiseProduct((m_Z[l].leftCols(B).array() > 0.0f).cast<float>().matrix());
        else
            dZ = dLogits.topLeftCorner(out, B);
        const auto Aprev = l == 0 ? X : Eigen::Ref<const Eigen::MatrixXf>(m_A[l - 1].leftCols(B));
        layer.dW.noalias() = dZ * Aprev.transpose(); // dW_l = dZ_l A_{l-1}^T
        if (m_shape.bias)
            layer.db.noalias() = dZ.rowwise().sum();
        if (l == 0)
            break;
        auto dAprev = m_dA[l - 1].leftCols(B);
        dAprev.noalias() = layer.W.transpose() * dZ; // dA_{l-1} = W_l^T dZ_l (+ dA_l through the skip)
        if (layer.residual)
            dAprev += m_dA[l].leftCols(B);
    }
}

int Mlp::parameterCount() const {
    int count = 0;
    for (const DenseLayer& layer : m_layers)
        count += static_cast<int>(layer.W.size() + (m_shape.bias ? layer.b.size() : 0));
    return count;
}

int Mlp::weightCount() const {
    int count = 0;
    for (const DenseLayer& layer : m_layers)
        count += static_cast<int>(layer.W.size());
    return count;
}

} // namespace rankscope
