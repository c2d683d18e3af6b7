// Tests for io/weight_matrices: 2-D tensors as they are, 4-D conv kernels [out, in, kh, kw] reshaped
// to [out, in*kh*kw] in C order, 1-D tensors skipped, exclusion by wildcard.
#include "io/weight_matrices.h"

#include <QTest>

using namespace rankscope;

namespace {

const QString kData = RANKSCOPE_MODEL_DATA_DIR;

} // namespace

class TestWeightMatrices : public QObject {
    Q_OBJECT

private slots:
    void reshapesConvKernelsAndSkipsVectors() {
        const Result<std::vector<WeightMatrix>> weights =
            readWeightMatrices(kData + "/compressed.npz", TensorExclusion());
        QVERIFY2(weights.ok(), qPrintable(weights.error()));
        QCOMPARE(weights->size(), std::size_t(3)); // W, conv, half; b and the counter skipped
        const WeightMatrix& conv = weights->at(1);
        QCOMPARE(conv.name, QString("conv"));
        QCOMPARE(conv.matrix.rows(), 2);
        QCOMPARE(conv.matrix.cols(), 12);
        QCOMPARE(conv.matrix(1, 0), 12.0f); // arange(24).reshape(2, 3, 2, 2)[1, 0, 0, 0]
        QCOMPARE(conv.matrix(0, 5), 5.0f);  // [0, 1, 0, 1]
        QCOMPARE(describe(conv), QString("conv [2, 3, 2, 2] as 2x12"));
        QCOMPARE(weights->at(0).matrix(2, 4), 24.5f); // W[2][4] = 20 + 4 + 0.5
    }

    void excludesByWildcard() {
        const Result<std::vector<WeightMatrix>> weights =
            readWeightMatrices(kData + "/compressed.npz", TensorExclusion({"co*", "h?lf"}));
        QVERIFY(weights.ok());
        QCOMPARE(weights->size(), std::size_t(1));
        QCOMPARE(weights->at(0).name, QString("W"));
        const QString path = kData + "/compressed.npz";
        QCOMPARE(readWeightMatrices(path, TensorExclusion({"*"})).error(),
                 path + ": no weight matrices (2-D or 4-D float tensors) left after the exclusions");
    }
};

QTEST_GUILESS_MAIN(TestWeightMatrices)
#include "test_weight_matrices.moc"
