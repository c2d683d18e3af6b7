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

namespace {

// The analyzer's results as the window takes them: on this thread, when it says they are ready.
class Results : public QObject {
public:
    explicit Results(CheckpointAnalyzer& analyzer) {
        connect(&analyzer, &CheckpointAnalyzer::resultsReady, this, [this, &analyzer] {
            for (CheckpointResult& result : analyzer.takeResults())
                (result.snapshot ? snapshots : failures).push_back(std::move(result));
        });
    }
    std::vector<CheckpointResult> snapshots, failures;
};

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
    void analysesInOrderIntoNamedSnapshots() {
        QTemporaryDir dir;
        const QList<qint64> steps{0, 50, 100};
        fixtures::writeRunFolder(dir.path(), steps);
        CheckpointAnalyzer analyzer(TensorExclusion(), dir.path());
        Results results(analyzer);
        QSignalSpy progress(&analyzer, &CheckpointAnalyzer::progress);
        QSignalSpy idle(&analyzer, &CheckpointAnalyzer::idle);
        analyzer.enqueue(runFiles(dir.path(), steps));
        QTRY_COMPARE_WITH_TIMEOUT(results.snapshots.size(), std::size_t(3), 30000);
        QTRY_COMPARE(idle.size(), 1);
        QCOMPARE(progress.last(), QVariantList({3, 3}));
        QCOMPARE(results.snapshots.front().file.step, 0);
        const SnapshotPtr last = results.snapshots.back().snapshot;
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
        Results results(analyzer);
        analyzer.enqueue(runFiles(dir.path(), {0, 50, 100}));
        QTRY_COMPARE_WITH_TIMEOUT(results.snapshots.size(), std::size_t(2), 30000);
        QCOMPARE(results.failures.size(), std::size_t(1));
        QCOMPARE(results.failures.front().file.step, 50);
        QVERIFY2(results.failures.front().error.contains(broken), qPrintable(results.failures.front().error));
    }

    void cancelDropsTheQueue() {
        QTemporaryDir dir;
        QList<qint64> steps;
        for (qint64 step = 0; step < 40; ++step)
            steps << step;
        fixtures::writeRunFolder(dir.path(), steps, 300, 300); // tens of ms each
        CheckpointAnalyzer analyzer(TensorExclusion(), dir.path());
        Results results(analyzer);
        QSignalSpy idle(&analyzer, &CheckpointAnalyzer::idle);
        analyzer.enqueue(runFiles(dir.path(), steps));
        QTRY_VERIFY(!results.snapshots.empty());
        analyzer.cancel();
        QTRY_COMPARE(idle.size(), 1);
        QTest::qWait(200); // nothing more arrives once idle
        const std::size_t shown = results.snapshots.size();
        QVERIFY2(shown < 40, qPrintable(QString::number(shown)));
        QCOMPARE(results.snapshots.size() + analyzer.takeResults().size(), shown);
    }
};

QTEST_MAIN(TestCheckpointAnalyzer)
#include "test_checkpoint_analyzer.moc"
