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
            // more, so they run im2col + GEMM (fewChannelInputsConvolveDirectly checks the rule).
            QTest::addRow("%s gemm pool", loss)
                << cnnShape(color, {{5, 3, 1, 1, 0}, {4, 3, 1, 1, 2}}, {}, true, false) << mse;
            QTest::addRow("%s gemm residual", loss)
                << cnnShape(color, {{4, 3, 1, 1, 0}, {4, 3, 1, 1, 0}, {4, 3, 1, 1, 2}}, {4}, true, true)
                << mse;
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
        Rng rng(1);
        const Network net(
            cnnShape({2, 6, 6}, {{3, 3, 1, 1, 0}, {4, 3, 1, 1, 0}, {2, 3, 1, 1, 0}}, {}, true, false), rng);
        static_assert(kDirectConvMaxChannels == 3);
        QVERIFY(net.convBlock(0).convolvesDirectly());  // 2 input channels
        QVERIFY(net.convBlock(1).convolvesDirectly());  // 3
        QVERIFY(!net.convBlock(2).convolvesDirectly()); // 4: im2col + GEMM
    }

    // The settings refuse a conv stack by its work memory (run_config.h); they count what blocks allocate.
    void workMemoryEstimateEqualsTheAllocation_data() {
        QTest::addColumn<NetworkShape>("shape");
        const ImageShape gray{1, 12, 12}, color{5, 9, 9};
        QTest::addRow("direct, pooled first") << cnnShape(gray, {{4, 3, 1, 1, 2}}, {}, true, false);
        QTest::addRow("patches, no pooling") << cnnShape(color, {{6, 3, 2, 0, 0}}, {}, true, false);
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
            QCOMPARE(block.residual(), hasConvSkip(shape.residual, i, input, block.spec()));
            estimate += B * convWorkFloatsPerSample(input, block.spec(), block.residual());
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

    // A 2x2 pool over [1 3; 3 0]: PyTorch's CPU kernel keeps the first maximum (row order), so the
    // gradient reaches the top-right pixel only.
    void aBatchInSeveralChunksEqualsItsSamplesOneByOne() {
        // 130 samples run both blocks in chunks (of 50 and 20 samples, the last ones partial); each
        // sample alone is a single chunk. The batch's mean gradient is the mean of the samples' ones.
        // The first block convolves directly, the second through patches.
        const NetworkShape shape =
            cnnShape({2, 12, 12}, {{5, 3, 1, 1, 0}, {4, 3, 1, 1, 2}}, {5}, true, false);
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

    void poolingRoutesTheGradientToTheFirstMaximum() {
        const ImageShape image{1, 2, 2};
        NetworkShape shape = cnnShape(image, {{1, 1, 1, 0, 2}}, {}, false, false);
        shape.outputDim = 1;
        Network net(shape, {Eigen::MatrixXf::Ones(1, 1), Eigen::MatrixXf::Ones(1, 1)},
                    {Eigen::VectorXf::Zero(1), Eigen::VectorXf::Zero(1)});
        net.reserveBatch(1);
        Eigen::MatrixXf X(4, 1);
        X << 1, 3, 3, 0; // C-H-W: row 0 = (1, 3), row 1 = (3, 0)
        QCOMPARE(net.forward(X)(0, 0), 3.0f);
        net.backward(X, Eigen::MatrixXf::Ones(1, 1));
        // dW of the 1x1 conv = the input at the routed pixel: 3, not 3 + 3.
        QCOMPARE(net.layers()[0].dW(0, 0), 3.0f);
    }
};

QTEST_APPLESS_MAIN(TestConvBlock)
#include "test_conv_block.moc"
