// Tests for io/checkpoint_csv: the header names the columns by tensor, a row holds the analysis'
// numbers, singular_values.csv lists every s_i.
#include "io/checkpoint_csv.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

class TestCheckpointCsv : public QObject {
    Q_OBJECT

private slots:
    void writesOneRowPerCheckpoint() {
        QTemporaryDir dir;
        CheckpointCsvWriter writer;
        QVERIFY(writer.open(dir.path(), {"conv1.weight", "fc.weight"}).ok());
        NetworkAnalysis analysis;
        analysis.layers.resize(2);
        analysis.layers[0].rank = 3;
        analysis.layers[0].singularValues = (Eigen::VectorXd(2) << 2.5, 0.5).finished();
        analysis.layers[1].singularValues = (Eigen::VectorXd(2) << 1, 0).finished();
        analysis.meanRank = 3;
        QVERIFY(writer.append(500, analysis).ok());

        QFile metrics(dir.filePath("metrics.csv"));
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        const QByteArrayList lines = metrics.readAll().split('\n');
        QVERIFY(lines[0].startsWith("step,mean_rank,mean_effective_rank,mean_stable_rank,"
                                    "mean_change_per_checkpoint,rho,collapsed,rank_conv1.weight,"));
        QVERIFY(lines[0].endsWith(",change_per_checkpoint_fc.weight"));
        QCOMPARE(lines[0].split(',').size(), 7 + 2 * 6);
        QVERIFY(lines[1].startsWith("500,3,0,0,nan,0,0,3,"));
        QCOMPARE(lines[1].split(',').size(), 7 + 2 * 6);

        QFile values(dir.filePath("singular_values.csv"));
        QVERIFY(values.open(QIODevice::ReadOnly));
        QCOMPARE(values.readAll(),
                 QByteArray("step,tensor,index,value\n500,conv1.weight,1,2.5\n"
                            "500,conv1.weight,2,0.5\n500,fc.weight,1,1\n500,fc.weight,2,0\n"));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointCsv)
#include "test_checkpoint_csv.moc"
