// Tests for core/data/synthetic_data: determinism for a seed, shapes and label ranges of every
// generator, the learnability of the Gaussian mixture, the teacher's class balance, exact linear
// targets, and the orthonormal subspace basis. The factory's subspace rank is tested in
// test_data_factory.cpp.
#include "common/data_kinds.h"
#include "data/synthetic_data.h"

#include <Eigen/SVD>
#include <QTest>
#include <algorithm>

using namespace rankscope;

namespace {

DataSplit generate(DataKind kind, const SyntheticSpec& s) {
    if (kind == DataKind::Teacher)
        return teacherNetwork(s);
    if (kind == DataKind::Spirals)
        return spirals(s);
    return gaussianMixture(s);
}

SyntheticSpec spec(int dim = 16, int classes = 4, std::uint64_t seed = 7) {
    return SyntheticSpec{512, 128, dim, classes, 1.0, seed};
}

bool sameData(const Dataset& a, const Dataset& b) {
    return a.x == b.x && a.labels == b.labels && a.targets == b.targets && a.classes == b.classes;
}

// Accuracy on `test` of the nearest class mean estimated on `train`.
double nearestMeanAccuracy(const Dataset& train, const Dataset& test) {
    Eigen::MatrixXd means = Eigen::MatrixXd::Zero(train.inputDim(), train.classes);
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(train.classes);
    for (int i = 0; i < train.size(); ++i) {
        means.col(train.labels[i]) += train.x.col(i).cast<double>();
        counts[train.labels[i]] += 1;
    }
    means = means.array().rowwise() / counts.transpose().array();
    int correct = 0;
    for (int i = 0; i < test.size(); ++i) {
        Eigen::Index best = 0;
        (means.colwise() - test.x.col(i).cast<double>()).colwise().squaredNorm().minCoeff(&best);
        correct += best == test.labels[i];
    }
    return double(correct) / test.size();
}

} // namespace

class TestSyntheticData : public QObject {
    Q_OBJECT

private slots:
    void classificationShapes_data() {
        QTest::addColumn<DataKind>("kind");
        QTest::addColumn<int>("dim");
        QTest::newRow("gaussian_mixture") << DataKind::GaussianMixture << 16;
        QTest::newRow("teacher") << DataKind::Teacher << 16;
        QTest::newRow("spirals") << DataKind::Spirals << 2;
    }
    void classificationShapes() {
        QFETCH(DataKind, kind);
        QFETCH(int, dim);
        const DataSplit split = generate(kind, spec(dim, 5));
        for (const Dataset* set : {&split.train, &split.test}) {
            QCOMPARE(set->inputDim(), dim);
            QCOMPARE(set->classes, 5);
            QCOMPARE(int(set->labels.size()), set->size());
            QVERIFY(!set->isRegression());
            QVERIFY(
                std::all_of(set->labels.begin(), set->labels.end(), [](int y) { return y >= 0 && y < 5; }));
            QVERIFY(set->x.allFinite());
        }
        QCOMPARE(split.train.size(), 512);
        QCOMPARE(split.test.size(), 128);
    }

    void deterministicForSeed_data() { classificationShapes_data(); }
    void deterministicForSeed() {
        QFETCH(DataKind, kind);
        QFETCH(int, dim);
        const DataSplit a = generate(kind, spec(dim, 3, 11)), b = generate(kind, spec(dim, 3, 11)),
                        c = generate(kind, spec(dim, 3, 12));
        QVERIFY(sameData(a.train, b.train) && sameData(a.test, b.test));
        QVERIFY(a.train.x != c.train.x);
    }

    void trainSetIndependentOfTestSize() {
        SyntheticSpec small = spec(), large = spec();
        large.testSize = 1000;
        QVERIFY(sameData(gaussianMixture(small).train, gaussianMixture(large).train));
        QVERIFY(sameData(linearRegression(small).train, linearRegression(large).train));
        SyntheticSpec empty = spec();
        empty.testSize = 0;
        const DataSplit split = teacherNetwork(empty);
        QCOMPARE(split.test.size(), 0);
        QCOMPARE(split.test.inputDim(), 16);
    }

    // DESIGN.md's reference problem: 64 dims, 10 classes, noise 1 is learnable but not trivial.
    void mixtureIsLearnable() {
        const DataSplit split = gaussianMixture(SyntheticSpec{4096, 2048, 64, 10, 1.0, 1});
        const double accuracy = nearestMeanAccuracy(split.train, split.test);
        qInfo("nearest-mean accuracy %.3f", accuracy);
        QVERIFY2(accuracy > 0.8 && accuracy < 0.97, qPrintable(QString::number(accuracy)));
        const DataSplit noisy = gaussianMixture(SyntheticSpec{4096, 2048, 64, 10, 3.0, 1});
        QVERIFY(nearestMeanAccuracy(noisy.train, noisy.test) < accuracy - 0.2);
    }

    void teacherClassesBalanced() {
        for (std::uint64_t seed : {1, 2, 3}) {
            const DataSplit split = teacherNetwork(SyntheticSpec{8000, 0, 64, 10, 0.0, seed});
            std::vector<int> counts(10, 0);
            for (int y : split.train.labels)
                ++counts[y];
            const auto [least, most] = std::minmax_element(counts.begin(), counts.end());
            qInfo("seed %d: class counts %d..%d of 8000", int(seed), *least, *most);
            QVERIFY(*least > 200 && *most < 2000); // shares between 1/4 and 2.5x of uniform
        }
    }

    void spiralsHaveUnitScale() {
        const DataSplit split = spirals(SyntheticSpec{20000, 0, 2, 3, 1.0, 5});
        const Eigen::VectorXd variance = split.train.x.cast<double>().array().square().rowwise().mean();
        QVERIFY(std::abs(variance[0] - 1.0) < 0.1 && std::abs(variance[1] - 1.0) < 0.1);
    }

    void regressionTargetsAreLinear() {
        SyntheticSpec s = spec(16, 3);
        s.noise = 0.0;
        const DataSplit split = linearRegression(s);
        const Dataset& train = split.train;
        QCOMPARE(train.targets.rows(), 3);
        QCOMPARE(train.targets.cols(), 512);
        QVERIFY(train.labels.empty() && train.isRegression() && train.outputDim() == 3);
        // W = Y X^+ fits exactly when y = W* x; with noise the residual is ~noise.
        const Eigen::MatrixXd X = train.x.cast<double>(), Y = train.targets.cast<double>();
        const Eigen::MatrixXd W = X.transpose().colPivHouseholderQr().solve(Y.transpose()).transpose();
        QVERIFY((W * X - Y).norm() / Y.norm() < 1e-5);
        QVERIFY(std::abs(Y.squaredNorm() / Y.size() - 1.0) < 0.2); // unit-variance signal
        s.noise = 0.5;
        const DataSplit noisy = linearRegression(s);
        const Eigen::MatrixXd Yn = noisy.train.targets.cast<double>();
        const double residual = std::sqrt((Yn - Y).squaredNorm() / Y.size());
        QVERIFY(std::abs(residual - 0.5) < 0.05);
        QCOMPARE(noisy.train.x, train.x);
    }

    void subspaceBasisIsOrthonormal() {
        const Eigen::MatrixXf Q = randomSubspaceBasis(50, 7, 3);
        QCOMPARE(Q.rows(), 50);
        QCOMPARE(Q.cols(), 7);
        QVERIFY((Q.transpose() * Q - Eigen::MatrixXf::Identity(7, 7)).norm() < 1e-5);
        QCOMPARE(randomSubspaceBasis(50, 7, 3), Q);
        QVERIFY(randomSubspaceBasis(50, 7, 4) != Q);
    }

    void embeddingKeepsGeometry() {
        DataSplit split = gaussianMixture(spec(6, 3));
        const Eigen::MatrixXf z = split.train.x;
        embedInSubspace(split, randomSubspaceBasis(40, 6, 1));
        QCOMPARE(split.train.inputDim(), 40);
        QCOMPARE(split.test.inputDim(), 40);
        QVERIFY(std::abs(split.train.x.norm() - z.norm()) < 1e-4 * z.norm());
        const Eigen::VectorXd s =
            Eigen::BDCSVD<Eigen::MatrixXd>(split.train.x.cast<double>()).singularValues();
        QVERIFY(s[6] < 1e-5 * s[0] && s[5] > 1e-2 * s[0]);
    }
};

QTEST_APPLESS_MAIN(TestSyntheticData)
#include "test_synthetic_data.moc"
