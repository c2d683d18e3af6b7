// The operator spectrum of a conv layer (Sedghi et al.'s Fourier formula) against the SVD of the
// explicit circular-convolution matrix, a known answer (a one-tap kernel), non-finite weights, which
// layers have one and what it costs.
#include "measures/conv_operator_spectrum.h"
#include "random_matrices.h"

#include <Eigen/SVD>
#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {

// The matrix [O H W, C H W] of PyTorch's cross-correlation y[o, y, x] = sum K[o, c, i, j]
// x[c, y + i - pad, x + j - pad] with indices wrapped around the grid, built entry by entry.
Eigen::MatrixXd circularConvolutionMatrix(const Eigen::MatrixXf& W, const ImageShape& input, int k, int pad) {
    const int O = static_cast<int>(W.rows()), C = input.channels, H = input.height, Wd = input.width;
    const auto wrap = [](int value, int size) { return ((value % size) + size) % size; };
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(O) * H * Wd, input.size());
    for (int o = 0; o < O; ++o)
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < Wd; ++x)
                for (int c = 0; c < C; ++c)
                    for (int i = 0; i < k; ++i)
                        for (int j = 0; j < k; ++j)
                            A((o * H + y) * Wd + x, (c * H + wrap(y + i - pad, H)) * Wd +
                                                        wrap(x + j - pad, Wd)) += W(o, (c * k + i) * k + j);
    return A;
}

} // namespace

class TestConvOperatorSpectrum : public QObject {
    Q_OBJECT
private slots:
    void equalsTheSvdOfTheCirculantMatrix_data() {
        QTest::addColumn<int>("outputs");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("3 from 2, 3x3 on 5x4") << 3 << 2 << 3 << 5 << 4;
        QTest::newRow("2 from 4, 2x2 on 3x6") << 2 << 4 << 2 << 3 << 6;
        QTest::newRow("1 from 1, 3x3 on 4x4") << 1 << 1 << 3 << 4 << 4;
        QTest::newRow("4 from 3, 5x5 on 6x7") << 4 << 3 << 5 << 6 << 7;
    }
    void equalsTheSvdOfTheCirculantMatrix() {
        QFETCH(int, outputs);
        QFETCH(int, inputs);
        QFETCH(int, kernel);
        QFETCH(int, height);
        QFETCH(int, width);
        const ImageShape input{inputs, height, width};
        const Eigen::MatrixXf W = test::gaussian(outputs, inputs * kernel * kernel, 7u + outputs * kernel);
        const Eigen::VectorXd s = convOperatorSingularValues(W, input, kernel);
        const Eigen::VectorXd reference =
            Eigen::JacobiSVD<Eigen::MatrixXd>(circularConvolutionMatrix(W, input, kernel, kernel / 2))
                .singularValues();
        const Eigen::Index count = static_cast<Eigen::Index>(height) * width * std::min(outputs, inputs);
        QCOMPARE(s.size(), count);
        QVERIFY2((s - reference.head(count)).cwiseAbs().maxCoeff() < 1e-9 * reference(0),
                 "the Fourier formula disagrees with the explicit operator");
    }

    // A kernel with one tap is the matrix M applied at every pixel: M's singular values, H W times each.
    void aOneTapKernelRepeatsItsMatrixSpectrum() {
        const Eigen::MatrixXf M = test::gaussian(5, 3, 11u);
        const ImageShape input{3, 4, 6};
        const Eigen::VectorXd s = convOperatorSingularValues(M, input, 1);
        const Eigen::VectorXd m = Eigen::JacobiSVD<Eigen::MatrixXd>(M.cast<double>()).singularValues();
        QCOMPARE(s.size(), 3 * 24);
        for (Eigen::Index i = 0; i < s.size(); ++i)
            QVERIFY(std::abs(s(i) - m(i / 24)) < 1e-12 * m(0));
    }

    void nonFiniteWeightsGiveNaN() {
        Eigen::MatrixXf W = test::gaussian(2, 2 * 9, 3u);
        W(1, 4) = std::numeric_limits<float>::infinity();
        const Eigen::VectorXd s = convOperatorSingularValues(W, {2, 5, 5}, 3);
        QCOMPARE(s.size(), 2 * 25);
        QVERIFY(s.array().isNaN().all());
    }

    // rank_eps with the reshaped kernel's rules: the convention's reference, 0 when collapsed or zero.
    void operatorRankFollowsTheRankConvention() {
        const Eigen::Vector3d s(2.0, 1.0, 1e-3);
        QCOMPARE(operatorRankOf(s, false, 1e-3, RankNorm::Spectral), 2.0); // 1e-3 / 2 is below eps
        QCOMPARE(operatorRankOf(s, false, 4e-4, RankNorm::Spectral), 3.0);
        QCOMPARE(operatorRankOf(s, false, 0.45, RankNorm::Frobenius), 1.0); // ||s|| = 2.236
        QCOMPARE(operatorRankOf(s, true, 1e-3, RankNorm::Spectral), 0.0);
        QCOMPARE(operatorRankOf(Eigen::Vector3d::Zero(), false, 1e-3, RankNorm::Spectral), 0.0);
        QVERIFY(std::isnan(operatorRankOf(Eigen::Vector3d(NAN, 1, 0), false, 1e-3, RankNorm::Spectral)));
    }

    // Only a "same" convolution is the operator on its input grid; the cost counts the matrices P(u, v)
    // and their SVDs.
    void onlySameConvolutionsHaveOne() {
        QVERIFY(hasOperatorSpectrum({16, 14, 14}, {32, 3, 1, 1, 2})); // fashion-cnn's C2
        QVERIFY(hasOperatorSpectrum({16, 14, 14}, {32, 5, 1, 2, 0}));
        QVERIFY(!hasOperatorSpectrum({16, 14, 14}, {32, 3, 2, 1, 0})); // strided
        QVERIFY(!hasOperatorSpectrum({16, 14, 14}, {32, 3, 1, 0, 0})); // a 12 x 12 output
        QCOMPARE(operatorSpectrumCost({16, 14, 14}, {32, 3, 1, 1, 2}), 196.0 * (9 * 16 * 32 + 16 * 16 * 32));
        QVERIFY(operatorSpectrumCost({1, 28, 28}, {16, 3, 1, 1, 2}) +
                    operatorSpectrumCost({16, 14, 14}, {32, 3, 1, 1, 2}) <=
                kMaxOperatorSpectrumCost);
        QVERIFY(operatorSpectrumCost({512, 64, 64}, {512, 3, 1, 1, 0}) > kMaxOperatorSpectrumCost);
    }
};

QTEST_APPLESS_MAIN(TestConvOperatorSpectrum)
#include "test_conv_operator_spectrum.moc"
