// Finite-difference gradient checks of Mlp::backward for every layer kind (plain, residual, with and
// without bias, linear model) and both losses (tiny-dnn's gradient_check, as a directional derivative:
// (L(theta + h v) - L(theta - h v)) / 2h against <grad, v> for a random unit direction v per tensor).
#include "nn/loss.h"
#include "nn/mlp.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {

struct Problem {
    Eigen::MatrixXf X;
    std::vector<std::int32_t> labels;
    Eigen::MatrixXf targets;
};

Problem makeProblem(int d, int k, int B, bool regression) {
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

ChunkTargets targetsOf(const Problem& p) {
    return p.targets.size() ? ChunkTargets{{}, &p.targets} : ChunkTargets{p.labels, nullptr};
}

double lossOf(Mlp& net, const Problem& p, LossKind kind) {
    const int B = static_cast<int>(p.X.cols());
    return lossOnly(kind, net.forward(p.X), targetsOf(p), B).loss;
}

// Directional derivative check of one parameter tensor.
template <typename Param>
void checkDirection(Mlp& net, const Problem& p, LossKind kind, Param& param, const Param& grad,
                    const char* what) {
    Rng rng(11);
    Param v = param;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        v(i) = static_cast<float>(standardNormal(rng));
    v /= v.norm();
    const float h = 1e-3f; // small enough to rarely cross a ReLU kink, large against float round-off
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

void gradientCheck(const MlpShape& shape, LossKind kind, bool regression) {
    Rng initRng(3);
    Mlp net(shape, initRng);
    const int B = 6;
    const Problem p = makeProblem(shape.inputDim, shape.outputDim, B, regression);
    net.reserveBatch(B);
    Eigen::MatrixXf dLogits(shape.outputDim, B);
    const auto logits = net.forward(p.X);
    (void)lossAndGradient(kind, logits, targetsOf(p), B, dLogits);
    net.backward(p.X, dLogits);
    for (std::size_t l = 0; l < net.layers().size(); ++l) {
        DenseLayer& layer = net.layers()[l];
        const Eigen::MatrixXf dW = layer.dW;
        checkDirection(net, p, kind, layer.W, dW, qPrintable(QString("dW%1").arg(l + 1)));
        if (shape.bias) {
            const Eigen::VectorXf db = layer.db;
            checkDirection(net, p, kind, layer.b, db, qPrintable(QString("db%1").arg(l + 1)));
        }
    }
}

} // namespace

class TestMlp : public QObject {
    Q_OBJECT
private slots:
    void gradients_data() {
        QTest::addColumn<bool>("residual");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<int>("loss");
        QTest::addColumn<int>("depth");
        for (int loss : {0, 1})
            for (bool residual : {false, true})
                for (bool bias : {false, true})
                    for (int depth : {0, 1, 3})
                        QTest::addRow("%s residual=%d bias=%d depth=%d", loss ? "mse" : "ce", residual, bias,
                                      depth)
                            << residual << bias << loss << depth;
    }
    void gradients() {
        QFETCH(bool, residual);
        QFETCH(bool, bias);
        QFETCH(int, loss);
        QFETCH(int, depth);
        const MlpShape shape{5, std::vector<int>(depth, 7), 4, bias, residual};
        gradientCheck(shape, loss ? LossKind::Mse : LossKind::CrossEntropy, false);
    }
    void regressionGradients() { gradientCheck({9, {}, 3, true, false}, LossKind::Mse, true); }

    void residualLayersAreTheEqualWidthHiddenOnes() {
        Rng rng(1);
        Mlp net({5, {7, 7, 8, 8}, 3, true, true}, rng);
        const auto& layers = net.layers();
        QVERIFY(!layers[0].residual);                      // 5 -> 7: widths differ
        QVERIFY(layers[1].residual);                       // 7 -> 7
        QVERIFY(!layers[2].residual);                      // 7 -> 8
        QVERIFY(layers[3].residual);                       // 8 -> 8
        QVERIFY(!layers[4].residual && !layers[4].hidden); // classifier
    }

    void initialisationFollowsTorchLinear() {
        Rng rng(1);
        Mlp net({100, {50}, 10, true, false}, rng);
        const float bound = 1.0f / std::sqrt(100.0f);
        const auto& W = net.layers()[0].W;
        QCOMPARE(W.rows(), 50);
        QCOMPARE(W.cols(), 100);
        QVERIFY(W.maxCoeff() <= bound && W.minCoeff() >= -bound);
        // Uniform(-a, a) has variance a^2 / 3.
        const double variance = W.squaredNorm() / W.size();
        QVERIFY(std::abs(variance - bound * bound / 3) < 0.1 * bound * bound / 3);
    }
};

QTEST_APPLESS_MAIN(TestMlp)
#include "test_mlp.moc"
