// Finite-difference gradient checks of Network::backward for every layer kind (plain, residual, with and
// without bias, linear model) and both losses (tiny-dnn's gradient_check, as a directional derivative:
// (L(theta + h v) - L(theta - h v)) / 2h against <grad, v> for a random unit direction v per tensor).
#include "gradient_check.h"

#include <QTest>
#include <cmath>

using namespace rankscope;
using namespace rankscope::testing;

class TestNetwork : public QObject {
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
        const NetworkShape shape{5, std::vector<int>(depth, 7), 4, bias, residual, {}, {}};
        gradientCheck(shape, loss ? LossKind::Mse : LossKind::CrossEntropy, false);
    }
    void regressionGradients() { gradientCheck({9, {}, 3, true, false, {}, {}}, LossKind::Mse, true); }

    void residualLayersAreTheEqualWidthHiddenOnes() {
        Rng rng(1);
        Network net({5, {7, 7, 8, 8}, 3, true, true, {}, {}}, rng);
        const auto& layers = net.layers();
        QVERIFY(!layers[0].residual);                      // 5 -> 7: widths differ
        QVERIFY(layers[1].residual);                       // 7 -> 7
        QVERIFY(!layers[2].residual);                      // 7 -> 8
        QVERIFY(layers[3].residual);                       // 8 -> 8
        QVERIFY(!layers[4].residual && !layers[4].hidden); // classifier
    }

    // The products add b unconditionally (nn/dense_layer.h): a model without bias keeps it zero even
    // when handed biases, in dense and conv layers alike.
    void aModelWithoutBiasIgnoresGivenBiases() {
        const NetworkShape shape{2 * 5 * 5, {4}, 3, false, false, {2, 5, 5}, {{3, 3, 1, 1, 0}}};
        Rng rng(2);
        const Network reference(shape, rng);
        std::vector<Eigen::MatrixXf> W;
        std::vector<Eigen::VectorXf> b;
        for (const DenseLayer& layer : reference.layers()) {
            W.push_back(layer.W);
            b.push_back(Eigen::VectorXf::Ones(layer.W.rows()));
        }
        Network net(shape, W, b);
        for (const DenseLayer& layer : net.layers())
            QVERIFY(layer.b.isZero());
        Network unbiased(shape, W, std::vector<Eigen::VectorXf>(b.size()));
        const Eigen::MatrixXf X = Eigen::MatrixXf::Random(shape.inputDim, 2);
        net.reserveBatch(2);
        unbiased.reserveBatch(2);
        QCOMPARE(Eigen::MatrixXf(net.forward(X)), Eigen::MatrixXf(unbiased.forward(X)));
    }

    void initialisationFollowsTorchLinear() {
        Rng rng(1);
        Network net({100, {50}, 10, true, false, {}, {}}, rng);
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

QTEST_APPLESS_MAIN(TestNetwork)
#include "test_network.moc"
