// Tests for io/run_metrics: a run folder's metrics.csv read by column name, from the Python probe
// and from a RankScope run; empty fields and missing columns read as NaN; a row still being written
// and a missing file give nothing, and RunMetricsFile reads again for a step it does not hold yet.
#include "io/run_metrics.h"
#include "write_file.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace rankscope;

class TestRunMetrics : public QObject {
    Q_OBJECT

private slots:
    void readsTheProbesColumns() {
        QTemporaryDir dir;
        writeFile(dir.filePath("metrics.csv"),
                  "step,epoch,lr,weight_decay,batch_size,loss,accuracy,update_noise_fc\n"
                  "0,,0.05,0.0005,,nan,nan,\n"
                  "50,0,0.05,0.0005,32,1.25,0.5,0.01\n"
                  "100,1,0.01,0,32,0.75,0.8");
        const std::map<qint64, RunMetricsRow> rows = readRunMetrics(dir.path());
        QCOMPARE(rows.size(), std::size_t(2)); // the last line has no newline yet: still being written
        const RunMetricsRow& row = rows.at(50);
        QCOMPARE(row.lr, 0.05);
        QCOMPARE(row.weightDecay, 0.0005);
        QCOMPARE(row.batchSize, 32.0);
        QCOMPARE(row.trainLoss, 1.25);
        QCOMPARE(row.trainAcc, 0.5);
        QVERIFY(std::isnan(row.testLoss));
        QVERIFY(std::isnan(rows.at(0).epoch));
    }

    void readsARankScopeRunsColumns() {
        QTemporaryDir dir;
        writeFile(dir.filePath("metrics.csv"),
                  "step,epoch,time_s,batch_size,lr,weight_decay,train_loss,train_acc,"
                  "test_loss,test_acc,mean_rank\n"
                  "200,0.5,1,8,0.1,0.01,0.9,0.7,1.1,0.6,50\n");
        const RunMetricsRow row = readRunMetrics(dir.path()).at(200);
        QCOMPARE(row.epoch, 0.5);
        QCOMPARE(row.trainLoss, 0.9);
        QCOMPARE(row.testAcc, 0.6);
    }

    void missingFileGivesNoRows() {
        QTemporaryDir dir;
        QVERIFY(readRunMetrics(dir.path()).empty());
        QVERIFY(readRunMetrics(QString()).empty());
    }

    void fileReadsAgainForANewStep() {
        QTemporaryDir dir;
        const QString path = dir.filePath("metrics.csv");
        writeFile(path, "step,loss\n0,2\n");
        RunMetricsFile file(dir.path());
        QVERIFY(file.row(0));
        QVERIFY(!file.row(10));
        writeFile(path, "step,loss\n0,2\n10,1.5\n");
        QVERIFY(file.row(10));
        QCOMPARE(file.row(10)->trainLoss, 1.5);
    }
};

QTEST_MAIN(TestRunMetrics)
#include "test_run_metrics.moc"
