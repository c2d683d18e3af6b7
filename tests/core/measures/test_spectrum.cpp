// Spectrum: tiny known answers (identity, rank 1, chosen diagonals at the eps boundary, zero and
// collapsed matrices), singular values against an independent long-double reference, non-finite
// weights, and Theorem 3.3's rank bound.
#include "measures/spectrum.h"
#include "random_matrices.h"

#include <Eigen/SVD>
#include <QTest>
#include <cmath>
#include <random>

using namespace rankscope;

namespace {

using test::gaussian;
using test::MatrixXld;

// Reference: two-sided Jacobi SVD with full-pivoting QR preconditioner, in long double (an
// independent algorithm at 11 more bits of precision).
Eigen::VectorXd referenceSingularValues(const Eigen::MatrixXf& W) {
    using Reference = Eigen::JacobiSVD<MatrixXld, Eigen::FullPivHouseholderQRPreconditioner>;
    return Reference(W.cast<long double>()).singularValues().cast<double>();
}

double maxAbsDifference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return (a - b).cwiseAbs().maxCoeff();
}

} // namespace

class TestSpectrum : public QObject {
    Q_OBJECT
private slots:
    void identityHasFullRankInEveryMeasure() {
        const int n = 32;
        const LayerAnalysis a =
            analyzeSpectrum(Eigen::MatrixXf::Identity(n, n), 1e-3, RankNorm::Spectral, 1.0);
        QCOMPARE(a.singularValues.size(), n);
        QVERIFY(maxAbsDifference(a.singularValues, Eigen::VectorXd::Ones(n)) < 1e-14);
        QCOMPARE(a.rank, n);
        QVERIFY(std::abs(a.effectiveRank - n) < 1e-12);
        QVERIFY(std::abs(a.stableRank - n) < 1e-12);
        QVERIFY(std::abs(a.frobenius - std::sqrt(double(n))) < 1e-14);
        QVERIFY(std::abs(a.spectral - 1) < 1e-14);
        QVERIFY(!a.collapsed);
        QVERIFY(std::isnan(a.updateNoise) && std::isnan(a.updateNoiseEma) && std::isnan(a.epochChange));
    }

    void rankOneMatrixHasRankOne() {
        // Entries +-2^k: u v^T is exactly representable, so W has exact rank 1.
        Eigen::VectorXf u(20), v(30);
        for (int i = 0; i < 20; ++i)
            u(i) = std::ldexp(i % 3 == 0 ? -1.0f : 1.0f, i % 4 - 2);
        for (int j = 0; j < 30; ++j)
            v(j) = std::ldexp(j % 2 == 0 ? 1.0f : -1.0f, j % 3 - 1);
        const Eigen::MatrixXf W = u * v.transpose();
        for (const RankNorm norm : {RankNorm::Spectral, RankNorm::Frobenius}) {
            const LayerAnalysis a = analyzeSpectrum(W, 1e-3, norm, W.norm());
            QCOMPARE(a.rank, 1);
            QVERIFY(std::abs(a.stableRank - 1) < 1e-12);
            QVERIFY(std::abs(a.effectiveRank - 1) < 1e-12);
            QVERIFY(std::abs(a.spectral - u.cast<double>().norm() * v.cast<double>().norm()) <
                    1e-14 * a.spectral);
            QVERIFY(a.singularValues.tail(19).maxCoeff() < 1e-13 * a.spectral);
        }
    }

    void diagonalGivesExactValuesAndRankAtTheEpsBoundary() {
        // A 4x6 "diagonal" with s = (4, 2, 2, 1): ||W||_F = 5, s / s_1 = (1, .5, .5, .25),
        // s / ||W||_F = (.8, .4, .4, .2). rank_eps counts s_i / norm > eps strictly.
        Eigen::MatrixXf W = Eigen::MatrixXf::Zero(4, 6);
        W(0, 0) = 2;
        W(1, 1) = 1;
        W(2, 2) = 4;
        W(3, 3) = 2;
        const LayerAnalysis a = analyzeSpectrum(W, 0.25, RankNorm::Spectral, 5.0);
        QVERIFY(a.singularValues == Eigen::Vector4d(4, 2, 2, 1));
        QCOMPARE(a.frobenius, 5.0);
        QCOMPARE(a.spectral, 4.0);
        QCOMPARE(a.rank, 3);
        QCOMPARE(analyzeSpectrum(W, 0.25 * (1 - 1e-12), RankNorm::Spectral, 5.0).rank, 4);
        QCOMPARE(analyzeSpectrum(W, 0.2, RankNorm::Frobenius, 5.0).rank, 3);
        QCOMPARE(analyzeSpectrum(W, 0.2 * (1 - 1e-12), RankNorm::Frobenius, 5.0).rank, 4);
        QCOMPARE(analyzeSpectrum(W, 0.5, RankNorm::Spectral, 5.0).rank, 1);
        QCOMPARE(analyzeSpectrum(W, 0.4, RankNorm::Frobenius, 5.0).rank, 1);
        QVERIFY(std::abs(a.stableRank - 25.0 / 16.0) < 1e-15);
        const Eigen::Array4d p = Eigen::Array4d(4, 2, 2, 1) / 9.0;
        QVERIFY(std::abs(a.effectiveRank - std::exp(-(p * p.log()).sum())) < 1e-14);
    }

    void largeDiagonalMatchesItsEntries() {
        const int n = 48;
        Eigen::VectorXd expected(n);
        Eigen::MatrixXf W = Eigen::MatrixXf::Zero(n, n);
        for (int i = 0; i < n; ++i) {
            expected(i) = std::ldexp(1.0, -i / 2); // pairs of equal values down to 2^-23
            W((i * 7) % n, (i * 13) % n) = float(expected(i)) * (i % 2 ? -1.0f : 1.0f); // permuted, signed
        }
        const Eigen::VectorXd s = singularValues(W);
        QVERIFY(((s - expected).array().abs() / expected.array()).maxCoeff() < 1e-13);
    }

    void zeroMatrixIsCollapsed() {
        for (const double initial : {0.0, 3.0}) {
            const LayerAnalysis a =
                analyzeSpectrum(Eigen::MatrixXf::Zero(5, 7), 1e-3, RankNorm::Spectral, initial);
            QVERIFY(a.collapsed);
            QCOMPARE(a.rank, 0);
            QCOMPARE(a.effectiveRank, 0.0);
            QCOMPARE(a.stableRank, 0.0);
            QCOMPARE(a.frobenius, 0.0);
            QVERIFY(a.singularValues == Eigen::VectorXd::Zero(5));
        }
    }

    void shrunkMatrixIsCollapsedBelowTheThreshold() {
        const Eigen::MatrixXf W0 = gaussian(30, 40, 7);
        const double initial = W0.cast<double>().norm();
        const LayerAnalysis shrunk = analyzeSpectrum(1e-7f * W0, 1e-3, RankNorm::Spectral, initial);
        QVERIFY(shrunk.collapsed);
        QCOMPARE(shrunk.rank, 0);
        QCOMPARE(shrunk.effectiveRank, 0.0);
        QCOMPARE(shrunk.stableRank, 0.0);
        // The spectrum and norms are still filled.
        QVERIFY(std::abs(shrunk.spectral - 1e-7 * singularValues(W0)(0)) < 1e-6 * shrunk.spectral);
        QCOMPARE(shrunk.singularValues.size(), 30);

        const LayerAnalysis small = analyzeSpectrum(1e-5f * W0, 1e-3, RankNorm::Spectral, initial);
        QVERIFY(!small.collapsed);
        QCOMPARE(small.rank, 30); // round-off would count as full rank too: hence the collapse rule
        // No initial norm (e.g. a layer initialised at zero): only an exactly zero W collapses.
        QVERIFY(!analyzeSpectrum(1e-30f * W0, 1e-3, RankNorm::Spectral, 0.0).collapsed);
    }

    void randomMatrixMatchesLongDoubleReference() {
        for (const auto& [rows, cols] : {std::pair{50, 70}, std::pair{70, 50}, std::pair{64, 64}}) {
            const Eigen::MatrixXf W = gaussian(rows, cols, unsigned(rows * cols));
            const Eigen::VectorXd s = singularValues(W);
            const Eigen::VectorXd reference = referenceSingularValues(W);
            QVERIFY(maxAbsDifference(s, reference) < 1e-13 * reference(0));
            const LayerAnalysis a = analyzeSpectrum(W, 1e-3, RankNorm::Spectral, W.norm());
            QVERIFY(std::abs(a.stableRank - a.frobenius * a.frobenius / (s(0) * s(0))) <
                    1e-12 * a.stableRank);
        }
    }

    void nearlyRankOneMatrixIsAccurate() {
        // The shape of weights after long weight decay, where Eigen 3.4's BDCSVD<float> failed.
        const Eigen::MatrixXf u = gaussian(128, 1, 1), v = gaussian(1, 128, 2);
        const Eigen::MatrixXf W = u * v + 1e-6f * gaussian(128, 128, 3);
        const Eigen::VectorXd s = singularValues(W);
        QVERIFY(s.allFinite());
        QVERIFY(maxAbsDifference(s, referenceSingularValues(W)) < 1e-13 * s(0));
        QCOMPARE(analyzeSpectrum(W, 1e-3, RankNorm::Spectral, 1.0).rank, 1);
    }

    void transposeHasTheSameSpectrum() {
        const Eigen::MatrixXf W = gaussian(64, 784, 11);
        const Eigen::VectorXd s = singularValues(W);
        QCOMPARE(s.size(), 64);
        QVERIFY(maxAbsDifference(s, singularValues(W.transpose())) < 1e-13 * s(0));
    }

    void nonFiniteWeightsGiveNaNWithoutCrashing() {
        Eigen::MatrixXf W = gaussian(20, 20, 5);
        W(3, 4) = std::numeric_limits<float>::quiet_NaN();
        W(5, 6) = std::numeric_limits<float>::infinity();
        const LayerAnalysis a = analyzeSpectrum(W, 1e-3, RankNorm::Spectral, 1.0);
        QVERIFY(!a.collapsed);
        QCOMPARE(a.rank, 0);
        QVERIFY(std::isnan(a.effectiveRank) && std::isnan(a.stableRank));
        QVERIFY(std::isnan(a.frobenius) && std::isnan(a.spectral));
        QCOMPARE(a.singularValues.size(), 20);
        QVERIFY(a.singularValues.array().isNaN().all());
    }

    void rankBoundIsTheorem33() {
        QCOMPARE(rankBound(8, 0.1, 0.005, 1e-3), 8 * std::log(2000.0) / 5e-4);
        QCOMPARE(rankBound(128, 0.05, 0.01, 1e-2), 128 * std::log(200.0) / 5e-4);
        QVERIFY(std::isinf(rankBound(8, 0.1, 0.0, 1e-3)));
        QVERIFY(std::isinf(rankBound(8, 0.0, 0.01, 1e-3)));
    }
};

QTEST_MAIN(TestSpectrum)
#include "test_spectrum.moc"
