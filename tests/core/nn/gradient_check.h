// Finite-difference gradient checks of Network::backward (tiny-dnn's gradient_check, as a directional
// derivative: (L(theta + h v) - L(theta - h v)) / 2h against <grad, v> for a random unit direction v
// per tensor), shared by the dense and the convolutional tests.
#pragma once

#include "nn/loss.h"
#include "nn/network.h"

#include <QTest>
#include <cmath>

namespace rankscope::testing {

struct Problem {
    Eigen::MatrixXf X;
    std::vector<std::int32_t> labels;
    Eigen::MatrixXf targets;
};

inline Problem makeProblem(int d, int k, int B, bool regression) {
    Rng rng(7);
    Problem p;
    p.X.resize(d, B);
    for (Eigen::Index i = 0; i < p.X.size(); ++i)
        p.X(i) = static_cast<float>(standardNormal(rng));
    if (regression) {
        p.targets.resize(k, B);
        for (Eigen::Index i = 0; i < p.targets.size(); ++i)
            p.targets(i) = static_cast<float>(standardNormal(rng));
    } else {
        for (int i = 0; i < B; ++i)
            p.labels.push_back(static_cast<std::int32_t>(rng() % k));
    }
    return p;
}

inline ChunkTargets targetsOf(const Problem& p) {
    return p.targets.size() ? ChunkTargets{{}, &p.targets} : ChunkTargets{p.labels, nullptr};
}

inline double lossOf(Network& net, const Problem& p, LossKind kind) {
    const int B = static_cast<int>(p.X.cols());
    return lossOnly(kind, net.forward(p.X), targetsOf(p), B).loss;
}

// Directional derivative check of one parameter tensor.
template <typename Param>
void checkDirection(Network& net, const Problem& p, LossKind kind, Param& param, const Param& grad,
                    const char* what, float h) {
    Rng rng(11);
    Param v = param;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        v(i) = static_cast<float>(standardNormal(rng));
    v /= v.norm();
    const Param original = param;
    param = original + h * v;
    const double plus = lossOf(net, p, kind);
    param = original - h * v;
    const double minus = lossOf(net, p, kind);
    param = original;
    const double numeric = (plus - minus) / (2.0 * h);
    const double analytic = grad.cwiseProduct(v).sum();
    // Tolerance relative to the whole gradient: the directional derivative itself may be ~0.
    if (std::abs(numeric - analytic) > 2e-2 * grad.norm() + 1e-5)
        QFAIL(qPrintable(QString("%1: numeric %2 vs analytic %3").arg(what).arg(numeric).arg(analytic)));
}

// Forward and backward over the whole problem: the layers' dW and db then hold the mean loss's gradient.
inline void computeGradients(Network& net, const Problem& p, LossKind kind) {
    const int B = static_cast<int>(p.X.cols());
    net.reserveBatch(B);
    Eigen::MatrixXf dLogits(net.layers().back().W.rows(), B);
    (void)lossAndGradient(kind, net.forward(p.X), targetsOf(p), B, dLogits);
    net.backward(p.X, dLogits);
}

// h: small enough to rarely cross a ReLU kink (a conv layer has B H W pre-activations per channel, so
// it needs a smaller one), large against float round-off.
inline void gradientCheck(const NetworkShape& shape, LossKind kind, bool regression, float h = 1e-3f) {
    Rng initRng(3);
    Network net(shape, initRng);
    const Problem p = makeProblem(shape.inputDim, shape.outputDim, 6, regression);
    computeGradients(net, p, kind);
    for (std::size_t l = 0; l < net.layers().size(); ++l) {
        DenseLayer& layer = net.layers()[l];
        const Eigen::MatrixXf dW = layer.dW;
        checkDirection(net, p, kind, layer.W, dW, qPrintable(QString("dW%1").arg(l + 1)), h);
        if (shape.bias) {
            const Eigen::VectorXf db = layer.db;
            checkDirection(net, p, kind, layer.b, db, qPrintable(QString("db%1").arg(l + 1)), h);
        }
    }
}

} // namespace rankscope::testing
