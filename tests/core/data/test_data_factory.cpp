// Tests for core/data/data_factory: dispatch on data.kind, shapes and classes from a RunConfig,
// determinism, the subspace (rank r for synthetic and file kinds, one Q for train and test), empty
// test sets, and the errors validate() cannot catch (1 class, spirals off 2-D, subspace larger
// than a file's dimension, train_size 0 for files, missing IDX folder).
#include "common/rng.h"
#include "data/data_factory.h"

#include <Eigen/SVD>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

Q_DECLARE_METATYPE(rankscope::RunConfig)

namespace {

RunConfig config(DataKind kind, int inputDim = 16, int classes = 4) {
    RunConfig c;
    c.data.kind = kind;
    c.data.train_size = 300;
    c.data.test_size = 100;
    c.data.input_dim = inputDim;
    c.data.classes = classes;
    if (kind == DataKind::LinearRegression)
        c.loss = LossKind::Mse;
    return c;
}

Eigen::VectorXd singularValues(const Eigen::MatrixXf& x) {
    return Eigen::BDCSVD<Eigen::MatrixXd>(x.cast<double>()).singularValues();
}

// True when x spans exactly r dimensions (relative to its largest singular value).
bool hasRank(const Eigen::MatrixXf& x, int r) {
    const Eigen::VectorXd s = singularValues(x);
    return s[r - 1] > 1e-3 * s[0] && (r == s.size() || s[r] < 1e-5 * s[0]);
}

// Random full-rank features and alternating labels 0, 1.
QString writeCsv(const QTemporaryDir& dir, int rows, int features) {
    Rng rng(5);
    QByteArray content;
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < features; ++j)
            content += QByteArray::number(uniform(rng, -1.0, 1.0), 'g', 9) + ',';
        content += QByteArray::number(i % 2) + '\n';
    }
    const QString path = dir.filePath("data.csv");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestDataFactory : public QObject {
    Q_OBJECT

private slots:
    void syntheticKinds_data() {
        QTest::addColumn<DataKind>("kind");
        QTest::addColumn<int>("inputDim");
        for (const DataKind kind : {DataKind::GaussianMixture, DataKind::Teacher, DataKind::LinearRegression})
            QTest::newRow(choiceName(kind)) << kind << 16;
        QTest::newRow("spirals") << DataKind::Spirals << 2;
    }
    void syntheticKinds() {
        QFETCH(DataKind, kind);
        QFETCH(int, inputDim);
        const RunConfig c = config(kind, inputDim, 3);
        const Result<DataSplit> split = makeDataSplit(c);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        const bool regression = kind == DataKind::LinearRegression;
        for (const auto& [set, size] : {std::pair{&split->train, 300}, std::pair{&split->test, 100}}) {
            QCOMPARE(set->size(), size);
            QCOMPARE(set->inputDim(), inputDim);
            QCOMPARE(set->classes, 3);
            QCOMPARE(set->isRegression(), regression);
            QCOMPARE(int(set->labels.size()), regression ? 0 : size);
            QCOMPARE(int(set->targets.cols()), regression ? size : 0);
            QVERIFY(
                std::all_of(set->labels.begin(), set->labels.end(), [](int y) { return y >= 0 && y < 3; }));
        }
        const Result<DataSplit> again = makeDataSplit(c);
        QCOMPARE(again->train.x, split->train.x);
        QCOMPARE(again->test.labels, split->test.labels);
    }

    void syntheticSubspace_data() { syntheticKinds_data(); }
    void syntheticSubspace() {
        QFETCH(DataKind, kind);
        RunConfig c = config(kind, 32, 3);
        c.data.subspace_dim = kind == DataKind::Spirals ? 2 : 5;
        const Result<DataSplit> split = makeDataSplit(c);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.inputDim(), 32);
        QVERIFY(hasRank(split->train.x, c.data.subspace_dim));
        // Train and test share the subspace: stacked side by side they still have rank r.
        Eigen::MatrixXf both(32, 400);
        both << split->train.x, split->test.x;
        QVERIFY(hasRank(both, c.data.subspace_dim));
    }

    void linearRegressionJanusShape() {
        RunConfig c = config(DataKind::LinearRegression, 64, 2);
        c.data.train_size = 20; // N < d: the inputs span an N-dimensional subspace
        c.data.noise = 0.0;
        const Result<DataSplit> split = makeDataSplit(c);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.targets.rows(), 2);
        QVERIFY(hasRank(split->train.x, 20));
    }

    void emptyTestSet() {
        RunConfig c = config(DataKind::Teacher);
        c.data.test_size = 0;
        const Result<DataSplit> split = makeDataSplit(c);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->test.size(), 0);
        QCOMPARE(split->test.inputDim(), 16);
        QCOMPARE(split->test.classes, 4);
    }

    void csvWithSubspace() {
        QTemporaryDir dir;
        RunConfig c = config(DataKind::Csv);
        c.data.path = writeCsv(dir, 60, 12);
        c.data.test_size = 10;
        c.data.subspace_dim = 4;
        const Result<DataSplit> split = makeDataSplit(c);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.size(), 50);
        QCOMPARE(split->train.inputDim(), 12);
        QCOMPARE(split->train.classes, 2); // from the file, not data.classes
        QVERIFY(hasRank(split->train.x, 4));
        Eigen::MatrixXf both(12, 60);
        both << split->train.x, split->test.x;
        QVERIFY(hasRank(both, 4));

        c.data.subspace_dim = 13;
        const Result<DataSplit> tooLarge = makeDataSplit(c);
        QVERIFY(!tooLarge.ok());
        QVERIFY2(tooLarge.error().startsWith("data.subspace_dim = 13 exceeds the input dimension 12 of " +
                                             c.data.path),
                 qPrintable(tooLarge.error()));
    }

    void rejects_data() {
        QTest::addColumn<RunConfig>("config");
        QTest::addColumn<QString>("problem");
        RunConfig oneClass = config(DataKind::GaussianMixture, 16, 1);
        oneClass.loss = LossKind::Mse; // validate() lets one class through for mse
        QTest::newRow("one class") << oneClass << "data.classes = 1: data.kind = \"gaussian_mixture\"";
        RunConfig spiral3 = config(DataKind::Spirals, 16);
        spiral3.data.subspace_dim = 3;
        QTest::newRow("spirals in 3-D") << spiral3 << "data.subspace_dim = 3: spirals are 2-dimensional";
        RunConfig invalid = config(DataKind::GaussianMixture);
        invalid.data.train_size = 0;
        QTest::newRow("validate") << invalid << "data.train_size = 0";
        RunConfig idx = config(DataKind::Idx);
        idx.data.path = "/nonexistent/rankscope-idx";
        QTest::newRow("missing idx")
            << idx
            << "/nonexistent/rankscope-idx: no such folder; install Debian's package "
               "dataset-fashion-mnist";
        RunConfig csv = config(DataKind::Csv);
        csv.data.path = "/nonexistent/table.csv";
        csv.data.train_size = 0;
        QTest::newRow("csv train_size 0") << csv << "data.train_size = 0: must be at least 1";
    }
    void rejects() {
        QFETCH(RunConfig, config);
        QFETCH(QString, problem);
        const Result<DataSplit> split = makeDataSplit(config);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().startsWith(problem), qPrintable(split.error()));
    }

    void defaultPresetIsFast() {
        QElapsedTimer timer;
        timer.start();
        const Result<DataSplit> split = makeDataSplit(RunConfig{});
        qInfo("default data set (4096 + 1024 samples of 64 dims) in %lld ms", timer.elapsed());
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.size(), 4096);
        QCOMPARE(split->train.inputDim(), 64);
    }
};

QTEST_APPLESS_MAIN(TestDataFactory)
#include "test_data_factory.moc"
