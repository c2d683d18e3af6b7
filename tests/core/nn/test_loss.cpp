// Losses against hand-computed values of PyTorch's nn.CrossEntropyLoss and nn.MSELoss.
#include "nn/loss.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

class TestLoss : public QObject {
    Q_OBJECT
private slots:
    void crossEntropyMatchesDefinition() {
        Eigen::MatrixXf z(3, 2);
        z << 1, 0, 2, 0, 3, 0;
        const std::vector<std::int32_t> labels = {2, 0};
        Eigen::MatrixXf dz(3, 2);
        const LossSums sums = lossAndGradient(LossKind::CrossEntropy, z, {labels, nullptr}, 2, dz);
        const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
        const double expected = ((lse - 3.0) + std::log(3.0)) / 2; // second sample: uniform logits
        QVERIFY(std::abs(sums.loss - expected) < 1e-6);
        QCOMPARE(sums.correct, 2); // sample 1 predicts class 2; sample 2 ties -> argmax 0 == label 0
        QVERIFY(std::abs(dz(2, 0) - (std::exp(3.0 - lse) - 1) / 2) < 1e-6);
        QVERIFY(std::abs(dz(1, 1) - (1.0 / 3) / 2) < 1e-6);
        QVERIFY(std::abs(dz.col(0).sum()) < 1e-6); // softmax - onehot sums to zero
    }

    void crossEntropyIsStableForHugeLogits() {
        Eigen::MatrixXf z(2, 1);
        z << 1000, -1000;
        const std::vector<std::int32_t> labels = {1};
        const LossSums sums = lossOnly(LossKind::CrossEntropy, z, {labels, nullptr}, 1);
        QVERIFY(std::isfinite(sums.loss));
        QVERIFY(std::abs(sums.loss - 2000) < 1e-3);
    }

    void mseIsMeanOverSamplesAndOutputs() {
        Eigen::MatrixXf z(2, 2);
        z << 1, 0, 0, 0;
        const std::vector<std::int32_t> labels = {0, 1};
        Eigen::MatrixXf dz(2, 2);
        // targets one-hot: sample 0 -> (1,0): error 0; sample 1 -> (0,1): error (0,-1) -> squared 1.
        const LossSums sums = lossAndGradient(LossKind::Mse, z, {labels, nullptr}, 2, dz);
        QVERIFY(std::abs(sums.loss - 1.0 / 4) < 1e-7);
        QVERIFY(std::abs(dz(1, 1) - 2.0 * (0 - 1) / 4) < 1e-7);
    }

    void mseAgainstRealTargets() {
        Eigen::MatrixXf z(1, 3), t(1, 3), dz(1, 3);
        z << 1, 2, 3;
        t << 0, 2, 5;
        const LossSums sums = lossAndGradient(LossKind::Mse, z, {{}, &t}, 3, dz);
        QVERIFY(std::abs(sums.loss - (1.0 + 0 + 4) / 3) < 1e-7);
        QVERIFY(std::abs(dz(0, 2) - 2.0 * -2 / 3) < 1e-7);
    }
};

QTEST_APPLESS_MAIN(TestLoss)
#include "test_loss.moc"
