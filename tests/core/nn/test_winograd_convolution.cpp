// Winograd's F(2×2, 3×3) against the direct convolution (nn/direct_convolution.h), which computes the
// same three products from their definition for any channel count: the output, the weight gradient and
// the input gradient, on even and odd sizes (cropped tiles), every padding a 3×3 kernel allows, channel
// counts that fill whole SIMD packets and leave a rest, and a chunk of images in mid-batch.
#include "nn/direct_convolution.h"
#include "nn/winograd_convolution.h"

#include <QTest>

using namespace rankscope;

Q_DECLARE_METATYPE(rankscope::ImageShape)

class TestWinogradConvolution : public QObject {
    Q_OBJECT
private slots:
    void agreesWithTheDirectConvolution_data() {
        QTest::addColumn<ImageShape>("input");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<int>("padding");
        QTest::newRow("same, even") << ImageShape{16, 6, 8} << 32 << 1;
        QTest::newRow("same, odd") << ImageShape{5, 7, 5} << 17 << 1;
        QTest::newRow("unpadded, odd output") << ImageShape{19, 9, 6} << 3 << 0;
        QTest::newRow("padded by 2") << ImageShape{4, 3, 4} << 16 << 2;
        QTest::newRow("one pixel out") << ImageShape{8, 3, 3} << 5 << 0;
    }
    void agreesWithTheDirectConvolution() {
        QFETCH(ImageShape, input);
        QFETCH(int, outputs);
        QFETCH(int, padding);
        const ConvBlockSpec spec{outputs, 3, 1, padding, 0};
        const ConvGeometry g{input, convOutputShape(input, spec), spec};
        constexpr int B = 5, b0 = 1, b1 = 4; // a chunk in mid-batch
        const Eigen::Index inColumns = B * input.pixels(), outColumns = B * g.conv.pixels();
        const Eigen::MatrixXf in = Eigen::MatrixXf::Random(input.channels, inColumns);
        const Eigen::MatrixXf Wt = Eigen::MatrixXf::Random(outputs, 9 * input.channels);
        const Eigen::VectorXf b = Eigen::VectorXf::Random(outputs);
        const Eigen::MatrixXf dZ = Eigen::MatrixXf::Random(outputs, outColumns);
        auto near = [](const auto& x, const auto& y) { return (x - y).norm() <= 1e-5f * (1 + y.norm()); };
        const auto chunk = [&](const Eigen::MatrixXf& m, int pixels) {
            return Eigen::MatrixXf(m.middleCols(b0 * pixels, (b1 - b0) * pixels));
        };

        WinogradConvolution winograd(g);
        winograd.reserveSamples(b1 - b0);
        winograd.setKernel(Wt);

        Eigen::MatrixXf Z = Eigen::MatrixXf::Zero(outputs, outColumns), expectedZ = Z;
        winograd.convolve(b, in, b0, b1, Z);
        directConvolve(g, Wt, b, in, b0, b1, expectedZ);
        QVERIFY(near(chunk(Z, g.conv.pixels()), chunk(expectedZ, g.conv.pixels())));
        QVERIFY(Z.leftCols(b0 * g.conv.pixels()).isZero()); // other images untouched
        QVERIFY(Z.rightCols((B - b1) * g.conv.pixels()).isZero());

        Eigen::MatrixXf dWt = Eigen::MatrixXf::Ones(outputs, 9 * input.channels), expectedDWt = dWt;
        winograd.addWeightGradient(dZ, in, b0, b1, dWt);
        directWeightGradient(g, dZ, in, b0, b1, expectedDWt, nullptr);
        QVERIFY(near(dWt, expectedDWt));

        Eigen::MatrixXf dIn = Eigen::MatrixXf::Constant(input.channels, inColumns, 7.0f);
        Eigen::MatrixXf expectedDIn = Eigen::MatrixXf::Zero(input.channels, inColumns);
        winograd.inputGradient(dZ, b0, b1, dIn);
        directInputGradient(g, Wt, dZ, b0, b1, expectedDIn);
        QVERIFY(near(chunk(dIn, input.pixels()), chunk(expectedDIn, input.pixels())));
        QVERIFY((dIn.leftCols(b0 * input.pixels()).array() == 7.0f).all());
        QVERIFY((dIn.rightCols((B - b1) * input.pixels()).array() == 7.0f).all());
    }

    void onlyThreeByThreeStrideOneKernelsOnSeveralChannels() {
        const ImageShape gray{1, 8, 8}, wide{kDirectConvMaxChannels + 1, 8, 8};
        QCOMPARE(convMethod(gray, {4, 3, 1, 1, 0}), ConvMethod::Direct);
        QCOMPARE(convMethod(wide, {4, 3, 1, 1, 0}), ConvMethod::Winograd);
        QCOMPARE(convMethod(wide, {4, 3, 1, 0, 2}), ConvMethod::Winograd);
        QCOMPARE(convMethod(wide, {4, 3, 2, 1, 0}), ConvMethod::Patches);
        QCOMPARE(convMethod(wide, {4, 5, 1, 2, 0}), ConvMethod::Patches);
    }
};

QTEST_APPLESS_MAIN(TestWinogradConvolution)
#include "test_winograd_convolution.moc"
