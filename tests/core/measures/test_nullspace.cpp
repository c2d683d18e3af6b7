// NullSpaceProjector: ||W P_perp||_F against a long-double reference for inputs spanning a known
// subspace, rows inside the span, a null-space part ten orders of magnitude below the rest, the rank
// tolerance, full-rank inputs, and the Janus effect itself: under SGD with weight decay on linear
// regression, W_perp shrinks by exactly (1 - lr wd) per step (Xu, Galanti, Rangamani, Rosasco, Poggio).
#include "measures/nullspace.h"
#include "random_matrices.h"

#include <Eigen/QR>
#include <QTest>
#include <cmath>
#include <random>

using namespace rankscope;

namespace {

using test::gaussian;
using test::MatrixXld;

// Columns are copies of B's columns scaled by +-2^k (exact in float), so span(X) = span(B) exactly.
Eigen::MatrixXf exactSpanSamples(const Eigen::MatrixXf& B, int samples) {
    Eigen::MatrixXf X(B.rows(), samples);
    for (int j = 0; j < samples; ++j)
        X.col(j) = std::ldexp(j % 2 ? -1.0f : 1.0f, j % 5 - 2) * B.col(j % B.cols());
    return X;
}

// ||W (I - Q Q^T)||_F in long double, Q an orthonormal basis of span(B).
double referenceNullSpaceNorm(const Eigen::MatrixXf& W, const Eigen::MatrixXf& B) {
    const MatrixXld Q = Eigen::HouseholderQR<MatrixXld>(B.cast<long double>()).householderQ() *
                        MatrixXld::Identity(B.rows(), B.cols());
    const MatrixXld Wl = W.cast<long double>();
    return double((Wl - (Wl * Q) * Q.transpose()).norm());
}

} // namespace

class TestNullSpace : public QObject {
    Q_OBJECT
private slots:
    void measuresTheComplementOfAKnownSubspace() {
        const int d = 40, r = 12;
        const Eigen::MatrixXf B = gaussian(d, r, 1);
        const NullSpaceProjector projector(exactSpanSamples(B, 3 * r));
        QVERIFY(projector.hasNullSpace());
        QCOMPARE(projector.inputDimension(), d);
        QCOMPARE(projector.rangeDimension(), r);
        const Eigen::MatrixXf W = gaussian(8, d, 2);
        const double reference = referenceNullSpaceNorm(W, B);
        QVERIFY(std::abs(projector.nullSpaceNorm(W) - reference) < 1e-12 * reference);
    }

    void rowsInsideTheSpanGiveZero() {
        const int d = 40, r = 12;
        const Eigen::MatrixXf B = gaussian(d, r, 3);
        const NullSpaceProjector projector(exactSpanSamples(B, 3 * r));
        const Eigen::MatrixXf W = gaussian(8, r, 4) * B.transpose(); // W = A B^T, rounded to float
        // Only the float rounding of W (~6e-8 per entry) leaves the span.
        QVERIFY(projector.nullSpaceNorm(W) < 1e-6 * W.norm());
        QVERIFY(std::abs(projector.nullSpaceNorm(W) - referenceNullSpaceNorm(W, B)) < 1e-12 * W.norm());
    }

    void tinyNullSpacePartIsMeasuredDirectly() {
        // Inputs live on r permuted coordinates, so float W can hold an O(1) range part next to a
        // null-space part 1e-10 smaller without rounding it away (in rotated coordinates float W
        // cannot). The unused coordinates get exact unit basis vectors, so the measurement is exact;
        // sqrt(||W||^2 - ||W Q||^2) would return round-off, ~1e-8 ||W||, instead.
        const int d = 30, r = 10, out = 6;
        std::vector<int> coordinates(d);
        for (int i = 0; i < d; ++i)
            coordinates[i] = (7 * i) % d;
        Eigen::MatrixXf X = Eigen::MatrixXf::Zero(d, 50);
        const Eigen::MatrixXf samples = gaussian(r, 50, 5);
        for (int i = 0; i < r; ++i)
            X.row(coordinates[i]) = samples.row(i);
        const NullSpaceProjector projector(X);
        QCOMPARE(projector.rangeDimension(), r);

        Eigen::MatrixXf W = gaussian(out, d, 6);
        for (int i = r; i < d; ++i)
            W.col(coordinates[i]) *= 1e-10f;
        double expectedSquared = 0;
        for (int i = r; i < d; ++i)
            expectedSquared += W.col(coordinates[i]).cast<double>().squaredNorm();
        const double expected = std::sqrt(expectedSquared);
        QVERIFY(expected < 1e-9 * W.norm());
        QVERIFY(std::abs(projector.nullSpaceNorm(W) - expected) < 1e-12 * expected);
    }

    void rankUsesTheRelativeTolerance() {
        // s(X) = (1, 1e-3, 1e-7, 0): the default tolerance 1e-5 keeps two directions in the span.
        const Eigen::MatrixXf X = Eigen::Vector4f(1, 1e-3f, 1e-7f, 0).asDiagonal();
        const Eigen::MatrixXf W = Eigen::MatrixXf::Identity(4, 4);
        const NullSpaceProjector projector(X);
        QCOMPARE(projector.rangeDimension(), 2);
        QVERIFY(std::abs(projector.nullSpaceNorm(W) - std::sqrt(2.0)) < 1e-14);
        const NullSpaceProjector strict(X, 1e-8);
        QCOMPARE(strict.rangeDimension(), 3);
        QVERIFY(std::abs(strict.nullSpaceNorm(W) - 1.0) < 1e-14);
    }

    void fullRankInputsHaveNoNullSpace() {
        const NullSpaceProjector projector(gaussian(20, 100, 7));
        QVERIFY(!projector.hasNullSpace());
        QCOMPARE(projector.rangeDimension(), 20);
        QVERIFY(std::isnan(projector.nullSpaceNorm(gaussian(5, 20, 8))));
        QVERIFY(!NullSpaceProjector().hasNullSpace());
        QVERIFY(std::isnan(NullSpaceProjector().nullSpaceNorm(gaussian(5, 20, 8))));
    }

    void weightDecayAloneShrinksTheNullSpacePart() {
        // Linear regression, 64 samples in 256 dimensions (the Janus preset), nn.MSELoss, mini-batch
        // SGD with PyTorch weight decay: W <- W - lr (grad + wd W), grad = 2/(B k) (W X_b - Y_b) X_b^T.
        const int d = 256, n = 64, k = 10, batch = 8, steps = 400;
        const float lr = 0.05f, wd = 0.01f;
        const Eigen::MatrixXf X = gaussian(d, n, 9);
        const Eigen::MatrixXf Y = gaussian(k, d, 10) * X / std::sqrt(float(d));
        const NullSpaceProjector projector(X);
        QCOMPARE(projector.rangeDimension(), n);

        Eigen::MatrixXf W = 0.1f * gaussian(k, d, 11);
        const Eigen::MatrixXf W0 = W;
        const double initial = projector.nullSpaceNorm(W0);
        for (int t = 0; t < steps; ++t) {
            const int first = (t * batch) % n;
            const Eigen::MatrixXf Xb = X.middleCols(first, batch);
            const Eigen::MatrixXf grad =
                (2.0f / (batch * k)) * (W * Xb - Y.middleCols(first, batch)) * Xb.transpose();
            W -= lr * (grad + wd * W);
        }
        const double theory = initial * std::pow(1.0 - double(lr) * wd, steps);
        QVERIFY(std::abs(projector.nullSpaceNorm(W) - theory) < 1e-4 * theory);
        // Meanwhile the range part learned: W is not just the decayed W0.
        QVERIFY((W - std::pow(1.0f - lr * wd, steps) * W0).norm() > 0.1 * W0.norm());
    }
};

QTEST_MAIN(TestNullSpace)
#include "test_nullspace.moc"
