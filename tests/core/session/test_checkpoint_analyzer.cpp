// Tests for session/checkpoint_analyzer: the window's checkpoint source. Checkpoints are analysed
// on its thread, in order, into snapshots named by tensor and joined with metrics.csv; progress
// counts them; a bad file is reported by name and the next one is still analysed; cancel() drops
// the queue.
#include "checkpoint_fixtures.h"
#include "session/checkpoint_analyzer.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

Q_DECLARE_METATYPE(rankscope::SnapshotPtr)

namespace {

QList<CheckpointFile> runFiles(const QString& run, const QList<qint64>& steps) {
    QList<CheckpointFile> files;
    for (const qint64 step : steps)
        files.append({step, QDir(run).filePath(QString("weights/step_%1.npz").arg(step, 8, 10, QChar('0')))});
    return files;
}

} // namespace

class TestCheckpointAnalyzer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<SnapshotPtr>(); }

    void analysesInOrderIntoNamedSnapshots() {
        QTemporaryDir dir;
        const QList<qint64> steps{0, 50, 100};
        fixtures::writeRunFolder(dir.path(), steps);
        CheckpointAnalyzer analyzer(TensorExclusion(), dir.path());
        QSignalSpy analysed(&analyzer, &CheckpointAnalyzer::analysed);
        QSignalSpy progress(&analyzer, &CheckpointAnalyzer::progress);
        QSignalSpy idle(&analyzer, &CheckpointAnalyzer::idle);
        analyzer.enqueue(runFiles(dir.path(), steps));
        QTRY_COMPARE_WITH_TIMEOUT(analysed.size(), 3, 30000);
        QTRY_COMPARE(idle.size(), 1);
        QCOMPARE(progress.last(), QVariantList({3, 3}));
        const SnapshotPtr last = analysed.last().first().value<SnapshotPtr>();
        QCOMPARE(last->step, 100);
        QVERIFY(last->fromCheckpoints);
        QCOMPARE(last->layerNames, QStringList({"features.weight", "classifier.weight"}));
        QCOMPARE(last->metrics.trainLoss, 1.9); // the probe's loss column
        QCOMPARE(last->train.lr, 0.05);
        QVERIFY(last->analysis.layers[0].updateNoise > 0);
        QCOMPARE(last->analysis.layers[0].updateNoiseEma, last->analysis.layers[0].updateNoise);
    }

    void reportsABadFileAndGoesOn() {
        QTemporaryDir dir;
        fixtures::writeRunFolder(dir.path(), {0, 100});
        const QString broken = dir.filePath("weights/step_00000050.npz");
        writeFile(broken, "PK\x03\x04 not really a zip");
        CheckpointAnalyzer analyzer(TensorExclusion(), dir.path());
        QSignalSpy analysed(&analyzer, &CheckpointAnalyzer::analysed);
        QSignalSpy failed(&analyzer, &CheckpointAnalyzer::failed);
        analyzer.enqueue(runFiles(dir.path(), {0, 50, 100}));
        QTRY_COMPARE_WITH_TIMEOUT(analysed.size(), 2, 30000);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(1).toString().contains(broken),
                 qPrintable(failed.first().at(1).toString()));
    }

    void cancelDropsTheQueue() {
        QTemporaryDir dir;
        QList<qint64> steps;
        for (qint64 step = 0; step < 40; ++step)
            steps << step;
        fixtures::writeRunFolder(dir.path(), steps, 300, 300); // tens of ms each
        CheckpointAnalyzer analyzer(TensorExclusion(), dir.path());
        QSignalSpy analysed(&analyzer, &CheckpointAnalyzer::analysed);
        QSignalSpy idle(&analyzer, &CheckpointAnalyzer::idle);
        analyzer.enqueue(runFiles(dir.path(), steps));
        QTRY_VERIFY(analysed.size() >= 1);
        analyzer.cancel();
        QTRY_COMPARE(idle.size(), 1);
        const int shown = int(analysed.size());
        QVERIFY2(shown < 40, qPrintable(QString::number(shown)));
        QTest::qWait(200); // nothing more arrives once idle
        QCOMPARE(analysed.size(), shown);
    }
};

QTEST_MAIN(TestCheckpointAnalyzer)
#include "test_checkpoint_analyzer.moc"
