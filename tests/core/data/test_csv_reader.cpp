// Tests for core/data/csv_reader: header detection, blank lines and CRLF, the deterministic split,
// per-column standardisation with training statistics, and every rejected file (ragged rows,
// non-numbers, NaN/Inf, bad labels, one column, empty, header only, one class, too few rows),
// each message naming file, line and column. Files are written into a QTemporaryDir.
#include "data/csv_reader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

QString writeCsv(const QTemporaryDir& dir, const QByteArray& content) {
    const QString path = dir.filePath("table.csv");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Rows (f1, f2, label): f1 = i, f2 = 10 + 2 i, label = i % 3, for i = 0..rows-1.
QByteArray table(int rows) {
    QByteArray content = "f1, f2, class\n";
    for (int i = 0; i < rows; ++i)
        content += QByteArray::number(i) + ',' + QByteArray::number(10 + 2 * i) + ',' +
                   QByteArray::number(i % 3) + '\n';
    return content;
}

} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private slots:
    void readsTable_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("no header") << QByteArray("1,2,0\n3,4.5,1\n-1e2,+6,2\n");
        QTest::newRow("header") << QByteArray("a,b,label\n1,2,0\n3,4.5,1\n-1e2,+6,2\n");
        QTest::newRow("crlf, blanks, spaces")
            << QByteArray("\r\n a , b , y \r\n1, 2 ,0\r\n\r\n3,4.5,1.0\r\n-1e2,6,2");
    }
    void readsTable() {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const Result<Dataset> read = readCsvTable(writeCsv(dir, content));
        QVERIFY2(read.ok(), qPrintable(read.error()));
        Eigen::MatrixXf expected(2, 3);
        expected << 1, 3, -100, 2, 4.5, 6;
        QCOMPARE(read->x, expected);
        QCOMPARE(read->labels, (std::vector<std::int32_t>{0, 1, 2}));
        QCOMPARE(read->classes, 3);
    }

    void splitsAndStandardises() {
        QTemporaryDir dir;
        const Result<DataSplit> split = loadCsv(writeCsv(dir, table(10)), 5, 3);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.size(), 5); // rows 0..4
        QCOMPARE(split->test.size(), 3);  // the last rows 7..9
        QCOMPARE(split->test.labels, (std::vector<std::int32_t>{1, 2, 0}));
        QCOMPARE(split->train.classes, 3);
        QCOMPARE(split->test.classes, 3);
        // Training column f1 = 0..4: mean 2, population std sqrt(2); the test set uses the same map.
        const Eigen::VectorXd mean = split->train.x.cast<double>().rowwise().mean();
        QVERIFY(mean.norm() < 1e-6);
        QVERIFY(std::abs(split->train.x.row(0).squaredNorm() / 5 - 1.0) < 1e-5);
        QVERIFY(std::abs(split->test.x(0, 0) - (7 - 2) / std::sqrt(2.0)) < 1e-5);
        QCOMPARE(split->test.x.row(0), split->test.x.row(1)); // f2 is an affine map of f1
    }

    void capsTrainingRowsAndAllowsEmptyTestSet() {
        QTemporaryDir dir;
        const Result<DataSplit> split = loadCsv(writeCsv(dir, table(6)), 1000, 0);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.size(), 6);
        QCOMPARE(split->test.size(), 0);
        QCOMPARE(split->test.inputDim(), 2);
    }

    void constantColumnStaysFinite() {
        QTemporaryDir dir;
        const Result<DataSplit> split = loadCsv(writeCsv(dir, "5,1,0\n5,2,1\n5,3,0\n"), 10, 1);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QVERIFY(split->train.x.allFinite() && split->test.x.allFinite());
        QCOMPARE(split->train.x.row(0).norm(), 0.0f);
    }

    void rejects_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << QByteArray() << "table.csv: the file is empty";
        QTest::newRow("blank") << QByteArray("\n \n\r\n") << "table.csv: the file is empty";
        QTest::newRow("header only") << QByteArray("a,b,y\n") << "table.csv: a header but no data rows";
        QTest::newRow("one column") << QByteArray("1\n2\n") << "table.csv line 1: one column";
        QTest::newRow("ragged short")
            << QByteArray("1,2,0\n3,1\n") << "table.csv line 2: 2 fields, expected 3 (as on line 1)";
        QTest::newRow("ragged long") << QByteArray("a,b,y\n1,2,0\n\n3,4,5,1\n")
                                     << "table.csv line 4: 4 fields, expected 3";
        QTest::newRow("non-number") << QByteArray("1,2,0\n3,x4,1\n")
                                    << "table.csv line 2, column 2: \"x4\" is not a number";
        QTest::newRow("empty field") << QByteArray("1,2,0\n,4,1\n")
                                     << "table.csv line 2, column 1: \"\" is not a number";
        QTest::newRow("nan") << QByteArray("1,2,0\n3,nan,1\n") << "line 2, column 2: \"nan\" is not a finite";
        QTest::newRow("inf") << QByteArray("1,2,0\n-inf,4,1\n")
                             << "line 2, column 1: \"-inf\" is not a finite";
        QTest::newRow("float overflow")
            << QByteArray("1,2,0\n1e300,4,1\n") << "line 2, column 1: \"1e300\" is not a finite";
        QTest::newRow("negative label")
            << QByteArray("1,2,0\n3,4,-1\n") << "line 2, column 3: \"-1\" is not a class label";
        QTest::newRow("fractional label")
            << QByteArray("1,2,0\n3,4,1.5\n") << "line 2, column 3: \"1.5\" is not a class label";
        QTest::newRow("text label") << QByteArray("a,b,y\n1,2,0\n3,4,cat\n")
                                    << "line 3, column 3: \"cat\" is not a class label";
        QTest::newRow("nan label") << QByteArray("1,2,0\n3,4,nan\n")
                                   << "line 2, column 3: \"nan\" is not a class label";
        QTest::newRow("one class") << QByteArray("1,2,0\n3,4,0\n") << "every class label is 0";
    }
    void rejects() {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = writeCsv(dir, content);
        const Result<DataSplit> split = loadCsv(path, 100, 0);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().startsWith(path), qPrintable(split.error()));
        QVERIFY2(split.error().contains(problem), qPrintable(split.error()));
    }

    void rejectsTestSetWithoutTrainingRows() {
        QTemporaryDir dir;
        const QString path = writeCsv(dir, table(4));
        const Result<DataSplit> split = loadCsv(path, 100, 4);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().contains("data.test_size = 4") && split.error().contains(path) &&
                     split.error().contains("4 data rows"),
                 qPrintable(split.error()));
    }

    void parsesBytesInMemory() {
        const Result<Dataset> read = parseCsvTable("a,y\n1.5,1\n-2,0\n", "memory.csv");
        QVERIFY2(read.ok(), qPrintable(read.error()));
        QCOMPARE(read->x, (Eigen::MatrixXf(1, 2) << 1.5f, -2.f).finished());
        QCOMPARE(read->labels, (std::vector<std::int32_t>{1, 0}));
        const Result<Dataset> bad = parseCsvTable("1,0\n", "memory.csv");
        QVERIFY2(!bad.ok() && bad.error().startsWith("memory.csv: every class label is 0"),
                 qPrintable(bad.error()));
    }

    void missingFile() {
        QTemporaryDir dir;
        const Result<DataSplit> split = loadCsv(dir.filePath("absent.csv"), 10, 0);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().startsWith(dir.filePath("absent.csv") + ": cannot open"),
                 qPrintable(split.error()));
    }
};

QTEST_APPLESS_MAIN(TestCsvReader)
#include "test_csv_reader.moc"
