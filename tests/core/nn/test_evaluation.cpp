// evaluate() on a two-sample set through an identity network, whose loss and accuracy are known in
// closed form: chunks add up to the whole mean, maxSamples takes the first samples, regression has
// no accuracy and an empty evaluation is NaN.
#include "nn/evaluation.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {
// A linear 2 -> 2 model with W = I and b = 0: the logits are the inputs.
Network identityNet(int reservedBatch) {
    Network net({2, {}, 2, true, false, {}, {}}, {Eigen::MatrixXf::Identity(2, 2)},
                {Eigen::VectorXf::Zero(2)});
    net.reserveBatch(reservedBatch);
    return net;
}

// Sample 0 is (1, 0), sample 1 is (0, 1); both are labelled class 0: the first is classified
// correctly, the second is not.
Dataset twoSamples() {
    Dataset set;
    set.x = Eigen::MatrixXf::Identity(2, 2);
    set.labels = {0, 0};
    set.classes = 2;
    return set;
}

// Cross-entropy of logits z with label 0: log(e^z0 + e^z1) - z0.
const double kLossRight = std::log(std::exp(1.0) + 1.0) - 1.0; // z = (1, 0)
const double kLossWrong = std::log(1.0 + std::exp(1.0));       // z = (0, 1)
} // namespace

class TestEvaluation : public QObject {
    Q_OBJECT
private slots:
    void meanLossAndAccuracyOfTheSet() {
        Network net = identityNet(2);
        const Evaluation e = evaluate(net, LossKind::CrossEntropy, twoSamples(), 100);
        QVERIFY(std::abs(e.loss - (kLossRight + kLossWrong) / 2) < 1e-6);
        QCOMPARE(e.accuracy, 0.5);
    }

    void chunksAddUpToTheSameMean() {
        Network net = identityNet(1); // one sample per forward pass
        const Evaluation e = evaluate(net, LossKind::CrossEntropy, twoSamples(), 100);
        QVERIFY(std::abs(e.loss - (kLossRight + kLossWrong) / 2) < 1e-6);
        QCOMPARE(e.accuracy, 0.5);
    }

    void maxSamplesTakesTheFirstSamples() {
        Network net = identityNet(2);
        const Evaluation e = evaluate(net, LossKind::CrossEntropy, twoSamples(), 1);
        QVERIFY(std::abs(e.loss - kLossRight) < 1e-6);
        QCOMPARE(e.accuracy, 1.0);
    }

    void regressionHasALossButNoAccuracy() {
        Network net = identityNet(2);
        Dataset set = twoSamples();
        set.labels.clear();
        set.targets = Eigen::MatrixXf::Zero(2, 2);
        // MSE over samples and outputs: each sample has one output off by 1, so (1 + 1) / (2 * 2).
        const Evaluation e = evaluate(net, LossKind::Mse, set, 100);
        QVERIFY(std::abs(e.loss - 0.5) < 1e-6);
        QVERIFY(std::isnan(e.accuracy));
    }

    void nothingToEvaluateIsNaN() {
        Network net = identityNet(2);
        const Evaluation e = evaluate(net, LossKind::CrossEntropy, twoSamples(), 0);
        QVERIFY(std::isnan(e.loss));
        QVERIFY(std::isnan(e.accuracy));
    }
};

QTEST_MAIN(TestEvaluation)
#include "test_evaluation.moc"
