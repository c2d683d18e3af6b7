// Tests for io/metrics_csv: the header (contract columns first, per-layer groups), exact row
// formatting (shortest round-trip numbers, nan/inf, 0/1 flags), the .partial file that becomes
// metrics.csv only in finish(), and errors naming the file (unwritable directory, full disk).
#include "io/metrics_csv.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstdlib>
#include <limits>

using namespace rankscope;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

LayerAnalysis layer(int rank, double fro) {
    LayerAnalysis l;
    l.rank = rank;
    l.effectiveRank = rank - 0.25;
    l.stableRank = 1.0 / 3.0;
    l.updateNoise = 1e-5;
    l.frobenius = fro;
    l.spectral = fro / 2;
    return l; // epochChange stays NaN (no full epoch yet)
}

Snapshot twoLayerSnapshot(std::int64_t step) {
    Snapshot s;
    s.step = step;
    s.epoch = 0.1 + 0.2;
    s.wallSeconds = 1.5;
    s.batchSize = 8;
    s.train.lr = 0.1;
    s.train.weight_decay = 0.005;
    s.train.momentum = 0.9;
    s.metrics = {2.302585092994046, kNotMeasured, 1.25, 0.875};
    s.analysis.layers = {layer(64, 12.5), layer(10, 3.0)};
    s.analysis.meanRank = 64;
    s.analysis.meanEffectiveRank = 63.75;
    s.analysis.meanStableRank = 1.0 / 3.0;
    s.analysis.meanUpdateNoise = 1e-5;
    s.analysis.meanUpdateNoiseEma = 2e-5;
    s.analysis.rho = 37.5;
    s.analysis.collapsed = true;
    s.analysis.layers[0].operatorSingularValues.resize(3); // a conv layer
    s.analysis.layers[0].operatorSingularValues << 4.5, 2.0, 0.25;
    s.analysis.layers[0].operatorRank = 3;
    return s; // nullSpaceNorm, nullSpaceTheory, gradientNoise: NaN; rankBound: inf
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMetricsCsv : public QObject {
    Q_OBJECT

private slots:
    void headerPutsTheContractFirst() {
        QCOMPARE(
            MetricsCsvWriter::headerLine(2),
            QByteArray("step,epoch,time_s,batch_size,lr,weight_decay,train_loss,train_acc,test_loss,test_acc,"
                       "mean_rank,mean_effective_rank,mean_stable_rank,update_noise,nullspace_norm,"
                       "momentum,update_noise_ema,gradient_noise,nullspace_theory,rho,rank_bound,collapsed,"
                       "rank_L1,effective_rank_L1,stable_rank_L1,update_noise_L1,fro_L1,"
                       "rank_L2,effective_rank_L2,stable_rank_L2,update_noise_L2,fro_L2,"
                       "spectral_L1,spectral_L2,epoch_change_L1,epoch_change_L2,"
                       "operator_rank_L1,operator_rank_L2,operator_spectral_L1,operator_spectral_L2\n"));
    }

    void rowsAreExactAndMatchTheHeader() {
        const Snapshot s = twoLayerSnapshot(1234);
        const QByteArray row = MetricsCsvWriter::rowLine(s);
        QCOMPARE(row, QByteArray("1234,0.30000000000000004,1.5,8,0.1,0.005,2.302585092994046,nan,1.25,0.875,"
                                 "64,63.75,0.3333333333333333,1e-05,nan,"
                                 "0.9,2e-05,nan,nan,37.5,inf,1,"
                                 "64,63.75,0.3333333333333333,1e-05,12.5,"
                                 "10,9.75,0.3333333333333333,1e-05,3,"
                                 "6.25,1.5,nan,nan,"
                                 "3,nan,4.5,nan\n"));
        QCOMPARE(row.count(','), MetricsCsvWriter::headerLine(2).count(','));

        const QList<QByteArray> fields = row.trimmed().split(',');
        QCOMPARE(std::strtod(fields[1].constData(), nullptr), s.epoch); // reads back bit for bit
        QCOMPARE(std::strtod(fields[12].constData(), nullptr), s.analysis.meanStableRank);
        QVERIFY(std::isinf(std::strtod(fields[20].constData(), nullptr)));
    }

    void writesPartialThenRenames() {
        QTemporaryDir root;
        const QString dir = root.filePath("run/out"); // created by open()
        QFile stale(QDir(dir).filePath("metrics.csv"));
        QVERIFY(QDir().mkpath(dir) && stale.open(QIODevice::WriteOnly) && stale.write("old run\n") > 0);
        stale.close();

        MetricsCsvWriter writer;
        QVERIFY(writer.open(dir, 2).ok());
        QCOMPARE(writer.path(), QDir(dir).filePath("metrics.csv"));
        QCOMPARE(writer.partialPath(), writer.path() + ".partial");
        QVERIFY(!QFile::exists(writer.path())); // the earlier run's file is gone, not left looking current
        QVERIFY(writer.writeRow(twoLayerSnapshot(0)).ok());
        QVERIFY(writer.writeRow(twoLayerSnapshot(50)).ok());
        QCOMPARE(writer.rowCount(), 2);

        const QByteArray expected = MetricsCsvWriter::headerLine(2) +
                                    MetricsCsvWriter::rowLine(twoLayerSnapshot(0)) +
                                    MetricsCsvWriter::rowLine(twoLayerSnapshot(50));
        QCOMPARE(readAll(writer.partialPath()), expected); // every row is on disk before finish()
        QVERIFY(!QFile::exists(writer.path()));

        QVERIFY(writer.finish().ok());
        QCOMPARE(readAll(writer.path()), expected);
        QVERIFY(!QFile::exists(writer.partialPath()));
    }

    void unfinishedRunLeavesOnlyThePartialFile() {
        QTemporaryDir root;
        {
            MetricsCsvWriter writer;
            QVERIFY(writer.open(root.path(), 2).ok());
            QVERIFY(writer.writeRow(twoLayerSnapshot(0)).ok());
        } // destroyed without finish(), as in a crash or an error
        QVERIFY(!QFile::exists(root.filePath("metrics.csv")));
        QCOMPARE(readAll(root.filePath("metrics.csv.partial")),
                 MetricsCsvWriter::headerLine(2) + MetricsCsvWriter::rowLine(twoLayerSnapshot(0)));
    }

    void rejectsRowsWithTheWrongLayerCount() {
        QTemporaryDir root;
        MetricsCsvWriter writer;
        QVERIFY(writer.open(root.path(), 3).ok());
        const Status status = writer.writeRow(twoLayerSnapshot(7));
        QCOMPARE(status.error(), writer.partialPath() + ": the row for step 7 has 2 layers, the header 3");
        QCOMPARE(writer.rowCount(), 0);
    }

    void unwritableDirectoryNamesIt() {
        QTemporaryDir root;
        QFile file(root.filePath("a-file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString underAFile = root.filePath("a-file/out");
        MetricsCsvWriter writer;
        QCOMPARE(writer.open(underAFile, 2).error(), underAFile + ": cannot create the output directory");

        // The partial file's name is taken by a directory: opening it fails (even as root).
        QVERIFY(QDir(root.path()).mkpath("blocked/metrics.csv.partial"));
        MetricsCsvWriter blocked;
        const Status status = blocked.open(root.filePath("blocked"), 2);
        QVERIFY2(status.error().startsWith(root.filePath("blocked/metrics.csv.partial") + ": cannot write: "),
                 qPrintable(status.error()));
        QVERIFY(!blocked.finish().ok());
    }

    void fullDiskIsReported() {
        if (!QFile::exists("/dev/full"))
            QSKIP("no /dev/full on this system");
        QTemporaryDir root;
        QVERIFY(QFile::link("/dev/full", root.filePath("metrics.csv.partial"))); // every write: ENOSPC
        MetricsCsvWriter writer;
        const Status status = writer.open(root.path(), 2);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().startsWith(writer.partialPath() + ": cannot write: "),
                 qPrintable(status.error()));
        QVERIFY2(status.error().contains("space", Qt::CaseInsensitive), qPrintable(status.error()));
    }
};

QTEST_GUILESS_MAIN(TestMetricsCsv)
#include "test_metrics_csv.moc"
