// Sgd against torch.optim.SGD's update rule: the exact weight-decay shrink factor and momentum.
#include "nn/sgd.h"

#include <QTest>

using namespace rankscope;

namespace {
Network smallNet() {
    Rng rng(5);
    return Network({4, {3}, 2, true, false, {}, {}}, rng);
}
void zeroGradients(Network& net) {
    for (DenseLayer& layer : net.layers()) {
        layer.dW.setZero();
        layer.db.setZero();
    }
}
} // namespace

class TestSgd : public QObject {
    Q_OBJECT
private slots:
    void weightDecayShrinksByOneMinusLrWd() {
        Network net = smallNet();
        const Eigen::MatrixXf W0 = net.layers()[0].W;
        const Eigen::VectorXf b0 = net.layers()[0].b;
        Sgd sgd(net);
        std::vector<LayerUpdateNorms> norms(net.layers().size());
        const double lr = 0.1, wd = 0.05;
        for (int t = 1; t <= 100; ++t) {
            zeroGradients(net);
            QVERIFY(sgd.step(net, {lr, wd, 0}, norms));
        }
        const double factor = std::pow(1 - lr * wd, 100);
        QVERIFY((net.layers()[0].W - factor * W0).norm() <= 1e-5 * W0.norm());
        QVERIFY((net.layers()[0].b - factor * b0).norm() <= 1e-5 * b0.norm()); // biases decay too
        // Update noise of a pure-decay step is lr * wd.
        QVERIFY(std::abs(std::sqrt(norms[0].updateSquared / norms[0].weightSquared) - lr * wd) < 1e-6);
    }

    void gradientStepAndMomentumFollowTorch() {
        Network net = smallNet();
        Sgd sgd(net);
        std::vector<LayerUpdateNorms> norms(net.layers().size());
        const double lr = 0.5, wd = 0.1, mu = 0.9;
        Eigen::MatrixXf W = net.layers()[1].W;
        Eigen::MatrixXf buf;
        for (int t = 0; t < 3; ++t) {
            zeroGradients(net);
            net.layers()[1].dW.setConstant(1.0f);
            const Eigen::MatrixXf g = Eigen::MatrixXf::Constant(W.rows(), W.cols(), 1.0f) + float(wd) * W;
            buf = t == 0 ? g : Eigen::MatrixXf(float(mu) * buf + g);
            W -= float(lr) * buf;
            QVERIFY(sgd.step(net, {lr, wd, mu}, norms));
            QVERIFY((net.layers()[1].W - W).norm() < 1e-5);
        }
    }

    void nonFiniteUpdateChangesNothing() {
        Network net = smallNet();
        Sgd sgd(net);
        std::vector<LayerUpdateNorms> norms(net.layers().size());
        const Eigen::MatrixXf W0 = net.layers()[0].W;
        zeroGradients(net);
        net.layers()[1].dW(0, 0) = std::numeric_limits<float>::infinity();
        QVERIFY(!sgd.step(net, {0.1, 0.0, 0.0}, norms));
        QCOMPARE(net.layers()[0].W, W0);
    }
};

QTEST_APPLESS_MAIN(TestSgd)
#include "test_sgd.moc"
