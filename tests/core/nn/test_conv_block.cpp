// The convolutional network: finite-difference gradient checks through conv, max pooling, residual
// conv blocks and the C-H-W flatten (gradient_check.h), and known answers for the geometry
// (PyTorch's output sizes, the weight reshaping, the flatten order, the first-maximum pooling rule).
#include "gradient_check.h"

#include <QTest>

using namespace rankscope;
using namespace rankscope::testing;

namespace {

NetworkShape cnnShape(ImageShape image, std::vector<ConvBlockSpec> conv, std::vector<int> hidden, bool bias,
                      bool residual) {
    NetworkShape shape;
    shape.inputDim = image.size();
    shape.hidden = std::move(hidden);
    shape.outputDim = 3;
    shape.bias = bias;
    shape.residual = residual;
    shape.image = image;
    shape.conv = std::move(conv);
    return shape;
}

} // namespace

class TestConvBlock : public QObject {
    Q_OBJECT
private slots:
    void gradients_data() {
        QTest::addColumn<NetworkShape>("shape");
        QTest::addColumn<bool>("mse");
        const ImageShape gray{1, 7, 6}, color{2, 6, 6};
        for (bool mse : {false, true}) {
            const char* loss = mse ? "mse" : "ce";
            QTest::addRow("%s conv", loss) << cnnShape(gray, {{3, 3, 1, 0, 0}}, {}, true, false) << mse;
            QTest::addRow("%s conv no bias", loss)
                << cnnShape(gray, {{3, 3, 1, 1, 0}}, {4}, false, false) << mse;
            QTest::addRow("%s stride 2 padding 1", loss)
                << cnnShape(color, {{4, 3, 2, 1, 0}, {3, 2, 1, 0, 0}}, {5}, true, false) << mse;
            QTest::addRow("%s pool", loss)
                << cnnShape(color, {{3, 3, 1, 1, 2}, {4, 3, 1, 1, 0}}, {}, true, false) << mse;
            QTest::addRow("%s odd pool", loss) << cnnShape(gray, {{2, 2, 1, 0, 3}}, {4}, true, false) << mse;
            QTest::addRow("%s residual", loss)
                << cnnShape(gray, {{2, 3, 1, 1, 0}, {2, 3, 1, 1, 0}, {2, 3, 1, 1, 2}}, {4, 4}, true, true)
                << mse;
            // The rows above convolve directly where the input has few channels; these blocks have
            // more, so their 3×3 stride-1 kernels run Winograd's tiles and the others im2col + GEMM
            // (fewChannelInputsConvolveDirectly checks the rule).
            QTest::addRow("%s winograd pool", loss)
                << cnnShape(color, {{5, 3, 1, 1, 0}, {4, 3, 1, 1, 2}}, {}, true, false) << mse;
            QTest::addRow("%s winograd residual", loss)
                << cnnShape(color, {{4, 3, 1, 1, 0}, {4, 3, 1, 1, 0}, {4, 3, 1, 1, 2}}, {4}, true, true)
                << mse;
            QTest::addRow("%s gemm pool", loss)
                << cnnShape(color, {{5, 3, 1, 1, 0}, {4, 2, 1, 0, 2}}, {}, true, false) << mse;
            QTest::addRow("%s gemm residual", loss)
                << cnnShape({2, 8, 8}, {{4, 3, 1, 1, 0}, {4, 5, 1, 2, 0}, {4, 3, 2, 1, 0}}, {4}, true, true)
                << mse;
            // Direct blocks with a full register of 16 output channels and more, with a stride through
            // the blocks of neighbouring pixels (rows wide enough for 8), and with an input gradient
            // into the block before.
            QTest::addRow("%s direct 17 channels stride 2", loss)
                << cnnShape({1, 5, 21}, {{3, 3, 1, 1, 0}, {17, 3, 2, 1, 2}}, {}, true, false) << mse;
            QTest::addRow("%s direct 16 channels unpadded", loss)
                << cnnShape({2, 5, 19}, {{3, 2, 1, 0, 0}, {16, 3, 2, 0, 0}}, {}, true, false) << mse;
        }
    }
    void gradients() {
        QFETCH(NetworkShape, shape);
        QFETCH(bool, mse);
        gradientCheck(shape, mse ? LossKind::Mse : LossKind::CrossEntropy, false, 2e-4f);
    }

    void convLayersComeFirstWithReshapedKernels() {
        Rng rng(1);
        const Network net(cnnShape({1, 28, 28}, {{16, 3, 1, 1, 2}, {32, 3, 1, 1, 2}}, {128}, true, false),
                          rng);
        const auto& layers = net.layers();
        QCOMPARE(net.convLayerCount(), 2);
        QCOMPARE(layers.size(), std::size_t(4));
        QCOMPARE(layers[0].W.rows(), 16);
        QCOMPARE(layers[0].W.cols(), 1 * 3 * 3);
        QCOMPARE(layers[1].W.cols(), 16 * 3 * 3);
        QCOMPARE(layers[2].W.cols(), 32 * 7 * 7); // flatten after two 2x2 pools: 28 -> 14 -> 7
        QCOMPARE(layers[3].W.rows(), 3);
        // Conv2d's default initialisation bound is 1/sqrt(in k k), as for a Linear of W's columns.
        QVERIFY(layers[1].W.cwiseAbs().maxCoeff() <= 1.0f / 12.0f);
    }

    void fewChannelInputsConvolveDirectly() {
        constexpr int most = kDirectConvMaxChannels;
        Rng rng(1);
        const Network net(cnnShape({most - 1, 6, 6},
                                   {{most, 3, 1, 1, 0}, {most + 1, 3, 1, 1, 0}, {2, 3, 1, 1, 0}}, {}, true,
                                   false),
                          rng);
        QCOMPARE(net.convBlock(0).method(), ConvMethod::Direct);
        QCOMPARE(net.convBlock(1).method(), ConvMethod::Direct);
        QCOMPARE(net.convBlock(2).method(), ConvMethod::Winograd);
    }

    // A block whose input has kDirectConvMaxChannels channels convolves directly; given one more input
    // channel that is always zero, it goes through Winograd's tiles (3×3, stride 1) or the patches
    // instead. Both networks must compute the same logits and gradients, the input gradient into the
    // first block included.
    void directAndOtherPathsAgree_data() {
        QTest::addColumn<QSize>("image"); // width x height
        QTest::addColumn<ConvBlockSpec>("block");
        QTest::newRow("3x3 padded, 16 channels") << QSize(12, 7) << ConvBlockSpec{16, 3, 1, 1, 0};
        QTest::newRow("stride 2, 17 channels, pooled") << QSize(21, 9) << ConvBlockSpec{17, 3, 2, 1, 2};
        QTest::newRow("2x2 unpadded") << QSize(5, 6) << ConvBlockSpec{5, 2, 1, 0, 0};
        QTest::newRow("stride 3, one channel") << QSize(12, 10) << ConvBlockSpec{1, 3, 3, 0, 0};
        QTest::newRow("5x5 on a narrow image") << QSize(3, 8) << ConvBlockSpec{4, 5, 1, 2, 0};
    }
    void directAndOtherPathsAgree() {
        QFETCH(QSize, image);
        QFETCH(ConvBlockSpec, block);
        constexpr int C = kDirectConvMaxChannels;
        const ImageShape gray{1, image.height(), image.width()};
        Rng rng(5);
        Network direct(cnnShape(gray, {{C, 3, 1, 1, 0}, block}, {4}, true, false), rng);
        std::vector<Eigen::MatrixXf> W;
        std::vector<Eigen::VectorXf> b;
        for (const DenseLayer& layer : direct.layers()) {
            W.push_back(layer.W);
            b.push_back(layer.b);
        }
        // One more output channel of the first block, all zero (so is its ReLU), and arbitrary weights
        // on it in the second block.
        W[0].conservativeResize(C + 1, Eigen::NoChange);
        W[0].row(C).setZero();
        b[0].conservativeResize(C + 1);
        b[0](C) = 0;
        const int taps = block.kernel * block.kernel;
        W[1].conservativeResize(Eigen::NoChange, (C + 1) * taps);
        W[1].rightCols(taps).setRandom();
        Network patches(cnnShape(gray, {{C + 1, 3, 1, 1, 0}, block}, {4}, true, false), W, b);
        QVERIFY(direct.convBlock(1).method() == ConvMethod::Direct &&
                patches.convBlock(1).method() != ConvMethod::Direct);

        const Problem p = makeProblem(gray.size(), 3, 5, false);
        computeGradients(direct, p, LossKind::CrossEntropy);
        computeGradients(patches, p, LossKind::CrossEntropy);
        auto near = [](const auto& x, const auto& y) { return (x - y).norm() <= 1e-5f * (1 + y.norm()); };
        const Eigen::MatrixXf logits = direct.forward(p.X);
        QVERIFY(near(logits, Eigen::MatrixXf(patches.forward(p.X))));
        const auto& a = direct.layers();
        const auto& z = patches.layers();
        // The first block's gradient on its real channels, the second's on its real input channels.
        QVERIFY(near(a[0].dW, Eigen::MatrixXf(z[0].dW.topRows(C))));
        QVERIFY(near(a[0].db, Eigen::VectorXf(z[0].db.head(C))));
        QVERIFY(near(a[1].dW, Eigen::MatrixXf(z[1].dW.leftCols(C * taps))));
        QVERIFY(near(a[1].db, z[1].db));
        for (std::size_t l = 2; l < a.size(); ++l)
            QVERIFY(near(a[l].dW, z[l].dW) && near(a[l].db, z[l].db));
    }

    // The settings refuse a conv stack by its work memory (run_config.h); they count what blocks allocate.
    void workMemoryEstimateEqualsTheAllocation_data() {
        QTest::addColumn<NetworkShape>("shape");
        const ImageShape gray{1, 12, 12}, color{5, 9, 9};
        QTest::addRow("direct, pooled first") << cnnShape(gray, {{4, 3, 1, 1, 2}}, {}, true, false);
        QTest::addRow("patches, no pooling") << cnnShape(color, {{6, 3, 2, 0, 0}}, {}, true, false);
        QTest::addRow("patches, pooled first") << cnnShape(color, {{6, 2, 1, 1, 2}}, {}, true, false);
        QTest::addRow("winograd, pooled first") << cnnShape(color, {{6, 3, 1, 1, 2}}, {}, true, false);
        QTest::addRow("winograd, more outputs than inputs, odd")
            << cnnShape(color, {{7, 3, 1, 0, 0}}, {}, true, false);
        QTest::addRow("direct, residual, pooled after the skip")
            << cnnShape(gray, {{2, 3, 1, 1, 0}, {2, 3, 1, 1, 2}}, {}, true, true);
        QTest::addRow("residual, pooled after the skip") << cnnShape(
            color, {{5, 3, 1, 1, 0}, {5, 3, 1, 1, 2}, {2, 2, 1, 0, 0}, {2, 3, 1, 1, 0}}, {3}, true, true);
    }
    void workMemoryEstimateEqualsTheAllocation() {
        QFETCH(NetworkShape, shape);
        Rng rng(1);
        Network net(shape, rng);
        constexpr int B = 7;
        net.reserveBatch(B);
        double estimate = 0;
        Eigen::Index allocated = 0;
        ImageShape input = shape.image;
        for (int i = 0; i < net.convLayerCount(); ++i) {
            const ConvBlock& block = net.convBlock(i);
            estimate += convWorkFloats(input, block.spec(), block.residual(), B);
            allocated += block.workFloats();
            input = block.outputShape();
        }
        QCOMPARE(static_cast<double>(allocated), estimate);
    }

    void residualSkipsJoinBlocksOfEqualShape() {
        Rng rng(1);
        const Network net(cnnShape({2, 6, 6},
                                   {{2, 3, 1, 1, 0}, {2, 3, 1, 1, 0}, {3, 3, 1, 1, 0}, {3, 3, 1, 0, 0}}, {},
                                   true, true),
                          rng);
        QVERIFY(!net.convBlock(0).residual()); // never the first
        QVERIFY(net.convBlock(1).residual());  // 2x6x6 -> 2x6x6
        QVERIFY(!net.convBlock(2).residual()); // channels change
        QVERIFY(!net.convBlock(3).residual()); // no padding: 6x6 -> 4x4
    }

    // One 1x1 identity conv: the logits are the classifier applied to the C-H-W flatten of the input.
    void flattenKeepsTorchsOrder() {
        const ImageShape image{2, 2, 3};
        NetworkShape shape = cnnShape(image, {{2, 1, 1, 0, 0}}, {}, false, false);
        shape.outputDim = image.size();
        std::vector<Eigen::MatrixXf> W = {Eigen::MatrixXf::Identity(2, 2),
                                          Eigen::MatrixXf::Identity(image.size(), image.size())};
        std::vector<Eigen::VectorXf> b = {Eigen::VectorXf::Zero(2), Eigen::VectorXf::Zero(image.size())};
        Network net(shape, W, b);
        net.reserveBatch(2);
        Eigen::MatrixXf X = Eigen::MatrixXf::Random(image.size(), 2).cwiseAbs(); // positive: ReLU passes
        QVERIFY(net.forward(X).isApprox(X));
    }

    void aBatchInSeveralChunksEqualsItsSamplesOneByOne() {
        // 130 samples run the blocks in chunks (of 75, 45, 5 and 9 samples, the last ones partial);
        // each sample alone is a single chunk. The batch's mean gradient is the mean of the samples'
        // ones. The first two blocks convolve directly, the third by Winograd's tiles, the fourth
        // through patches.
        const NetworkShape shape =
            cnnShape({2, 24, 24}, {{3, 3, 1, 1, 0}, {5, 3, 1, 1, 0}, {4, 3, 1, 1, 2}, {4, 5, 1, 2, 0}}, {5},
                     true, false);
        Rng rng(3);
        Network net(shape, rng);
        const int B = 130;
        const Problem batch = makeProblem(shape.inputDim, shape.outputDim, B, false);
        computeGradients(net, batch, LossKind::CrossEntropy);
        std::vector<Eigen::MatrixXf> batchGradients, summed;
        for (const DenseLayer& layer : net.layers()) {
            batchGradients.push_back(layer.dW);
            summed.push_back(Eigen::MatrixXf::Zero(layer.dW.rows(), layer.dW.cols()));
        }
        for (int b = 0; b < B; ++b) {
            const Problem sample{batch.X.col(b), {batch.labels[b]}, {}};
            computeGradients(net, sample, LossKind::CrossEntropy);
            for (std::size_t l = 0; l < summed.size(); ++l)
                summed[l] += net.layers()[l].dW / B;
        }
        for (std::size_t l = 0; l < summed.size(); ++l)
            QVERIFY2((summed[l] - batchGradients[l]).norm() <= 1e-5f * batchGradients[l].norm(),
                     qPrintable(QString("layer %1").arg(l + 1)));
    }

    // A 2x2 pool over [1 3; 3 0]: PyTorch's CPU kernel keeps the first maximum (row order), so the
    // gradient reaches the top-right pixel only. A second input channel, [0 1; 2 0], which the 1x1
    // conv ignores, tells the two maxima apart in dW.
    void poolingRoutesTheGradientToTheFirstMaximum() {
        const ImageShape image{2, 2, 2};
        NetworkShape shape = cnnShape(image, {{1, 1, 1, 0, 2}}, {}, false, false);
        shape.outputDim = 1;
        Eigen::MatrixXf convW(1, 2);
        convW << 1, 0;
        Network net(shape, {convW, Eigen::MatrixXf::Ones(1, 1)},
                    {Eigen::VectorXf::Zero(1), Eigen::VectorXf::Zero(1)});
        net.reserveBatch(1);
        Eigen::MatrixXf X(8, 1);
        X << 1, 3, 3, 0, 0, 1, 2, 0; // C-H-W
        QCOMPARE(net.forward(X)(0, 0), 3.0f);
        net.backward(X, Eigen::MatrixXf::Ones(1, 1));
        // dW = the input at the routed pixel: 3 and 1 (top right), not 3 and 2 (bottom left) or a sum.
        QCOMPARE(net.layers()[0].dW(0, 0), 3.0f);
        QCOMPARE(net.layers()[0].dW(0, 1), 1.0f);
    }
};

QTEST_APPLESS_MAIN(TestConvBlock)
#include "test_conv_block.moc"
