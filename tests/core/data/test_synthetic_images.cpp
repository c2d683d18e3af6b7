// The synthetic image kind (data/synthetic_images.h): shapes, determinism, and that the class is the
// bar's orientation (with two classes, horizontal and vertical bars).
#include "data/synthetic_images.h"

#include <QTest>

using namespace rankscope;

namespace {

SyntheticSpec spec(int classes, double noise) {
    return {.trainSize = 200, .testSize = 50, .dim = 0, .classes = classes, .noise = noise, .seed = 5};
}

} // namespace

class TestSyntheticImages : public QObject {
    Q_OBJECT
private slots:
    void imagesHaveTheirShape() {
        const ImageShape image{3, 10, 12};
        const DataSplit split = orientedBars(spec(5, 1.0), image);
        QCOMPARE(split.train.x.rows(), 3 * 10 * 12);
        QCOMPARE(split.train.size(), 200);
        QCOMPARE(split.test.size(), 50);
        QCOMPARE(split.train.image, image);
        QCOMPARE(split.train.classes, 5);
        QVERIFY(std::all_of(split.train.labels.begin(), split.train.labels.end(),
                            [](int y) { return y >= 0 && y < 5; }));
        QVERIFY(split.train.x.allFinite());
    }

    void deterministicForSeed() {
        const DataSplit a = orientedBars(spec(4, 1.0), {1, 8, 8}), b = orientedBars(spec(4, 1.0), {1, 8, 8});
        QCOMPARE(a.train.x, b.train.x);
        QCOMPARE(a.test.labels, b.test.labels);
    }

    // Class 0 is a horizontal bar, class 1 a vertical one (angle pi y / 2, jitter under pi / 8): the
    // bright pixels spread further along x than along y exactly for class 0.
    void classIsTheOrientation() {
        const int side = 16;
        const DataSplit split = orientedBars(spec(2, 0.0), {1, side, side});
        for (int i = 0; i < split.train.size(); ++i) {
            const Eigen::Map<const Eigen::MatrixXf> pixels(split.train.x.col(i).data(), side, side); // [x, y]
            const float total = pixels.sum();
            const Eigen::VectorXf x = Eigen::VectorXf::LinSpaced(side, 0, side - 1);
            const float meanX = (pixels.transpose() * x).sum() / total, meanY = (pixels * x).sum() / total;
            const float spreadX = (pixels.transpose() * (x.array() - meanX).square().matrix()).sum();
            const float spreadY = (pixels * (x.array() - meanY).square().matrix()).sum();
            QCOMPARE(spreadX > spreadY, split.train.labels[i] == 0);
        }
    }
};

QTEST_APPLESS_MAIN(TestSyntheticImages)
#include "test_synthetic_images.moc"
