#include "nn/sgd.h"

#include <cassert>
#include <cmath>

namespace rankscope {
namespace {

// Turns the gradient into the step direction in place: d = grad + wd p, then momentum.
template <typename Param, typename Buffer>
void direction(Param& grad, const Param& p, Buffer& buf, const SgdHyper& hyper, bool haveMomentum) {
    grad += static_cast<float>(hyper.weightDecay) * p;
    if (hyper.momentum == 0)
        return;
    if (haveMomentum)
        buf = static_cast<float>(hyper.momentum) * buf + grad;
    else
        buf = grad;
    grad = buf;
}

} // namespace

Sgd::Sgd(const Network& net) {
    for (const DenseLayer& layer : net.layers()) {
        m_bufW.emplace_back(Eigen::MatrixXf::Zero(layer.W.rows(), layer.W.cols()));
        m_bufB.emplace_back(Eigen::VectorXf::Zero(layer.b.size()));
    }
}

bool Sgd::step(Network& net, const SgdHyper& hyper, std::vector<LayerUpdateNorms>& norms) {
    std::vector<DenseLayer>& layers = net.layers();
    assert(norms.size() == layers.size());
    const bool bias = net.shape().bias;
    bool finite = true;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        DenseLayer& layer = layers[l];
        direction(layer.dW, layer.W, m_bufW[l], hyper, m_haveMomentum);
        if (bias)
            direction(layer.db, layer.b, m_bufB[l], hyper, m_haveMomentum);
        norms[l].updateSquared = hyper.lr * hyper.lr * static_cast<double>(layer.dW.squaredNorm());
        norms[l].weightSquared = layer.W.squaredNorm();
        finite = finite && std::isfinite(norms[l].updateSquared) && (!bias || layer.db.allFinite());
    }
    m_haveMomentum = hyper.momentum != 0;
    if (!finite)
        return false;
    const float lr = static_cast<float>(hyper.lr);
    for (DenseLayer& layer : layers) {
        layer.W -= lr * layer.dW;
        if (bias)
            layer.b -= lr * layer.db;
    }
    return true;
}

} // namespace rankscope
