// AnalysisWorker: a capture comes back analyzed on the worker thread, a capture still waiting is
// replaced by a newer one (latest wins) while earlier ones keep their order, the duty cycle rests in
// proportion to the CPU an analysis used (not to time spent waiting), and destroying the worker with
// a capture pending returns.
#include "session/analysis_worker.h"
#include "small_runs.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QMutexLocker>
#include <QSemaphore>
#include <QTest>
#include <algorithm>

using namespace rankscope;

namespace {
constexpr int kWaitMs = 10000;

// Records the step of every published snapshot; publish() runs on the worker thread.
class Published {
public:
    void add(const SnapshotPtr& snapshot) {
        QMutexLocker lock(&m_mutex);
        m_snapshots.append(snapshot);
    }
    QList<SnapshotPtr> snapshots() {
        QMutexLocker lock(&m_mutex);
        return m_snapshots;
    }
    QList<std::int64_t> steps() {
        QList<std::int64_t> result;
        for (const SnapshotPtr& snapshot : snapshots())
            result.append(snapshot->step);
        return result;
    }

private:
    QMutex m_mutex;
    QList<SnapshotPtr> m_snapshots;
};

TrainingCapture captureAtStep(Trainer& trainer, std::int64_t step) {
    TrainingCapture capture = SnapshotBuilder::capture(trainer);
    capture.snapshot.step = step; // a label to tell the captures apart
    return capture;
}
} // namespace

class TestAnalysisWorker : public QObject {
    Q_OBJECT
private slots:
    void aCaptureComesBackAnalyzed() {
        Trainer trainer = trainerFor(tinyRun());
        const auto builder = std::make_shared<const SnapshotBuilder>(trainer);
        Published published;
        AnalysisWorker worker([&](SnapshotPtr s) { published.add(s); });
        worker.submit(builder, SnapshotBuilder::capture(trainer), 16);
        QTRY_COMPARE_WITH_TIMEOUT(published.snapshots().size(), 1, kWaitMs);
        const SnapshotPtr s = published.snapshots().front();
        const Snapshot expected = builder->build(trainer, 16);
        QCOMPARE(s->analysis.layers.size(), std::size_t(3));
        QCOMPARE(s->analysis.layers[0].singularValues, expected.analysis.layers[0].singularValues);
        QCOMPARE(s->metrics.testLoss, expected.metrics.testLoss);
    }

    void aWaitingCaptureIsReplacedByANewerOne() {
        Trainer trainer = trainerFor(tinyRun());
        const auto builder = std::make_shared<const SnapshotBuilder>(trainer);
        Published published;
        QSemaphore publishing, proceed;
        AnalysisWorker worker([&](SnapshotPtr s) {
            published.add(s);
            if (s->step == 1) { // hold the worker while the test submits more
                publishing.release();
                proceed.acquire();
            }
        });
        worker.submit(builder, captureAtStep(trainer, 1), 16);
        QVERIFY(publishing.tryAcquire(1, kWaitMs));
        for (int step = 2; step <= 4; ++step)
            worker.submit(builder, captureAtStep(trainer, step), 16);
        proceed.release();
        QTRY_COMPARE_WITH_TIMEOUT(published.steps().size(), 2, kWaitMs);
        QCOMPARE(published.steps(), QList<std::int64_t>({1, 4})); // 2 and 3 were replaced while waiting
    }

    void theDutyCycleCountsCpuTimeNotWaiting() {
        Trainer trainer = trainerFor(tinyRun());
        const auto builder = std::make_shared<const SnapshotBuilder>(trainer);
        Published published;
        // Publishing takes 100 ms of waiting and no CPU, as an analysis kept off the CPU by a busy
        // machine does. Resting in proportion to wall time would rest 9 x 100 ms at a 10% duty cycle.
        AnalysisWorker worker([&](SnapshotPtr s) {
            published.add(s);
            QThread::msleep(100);
        });
        worker.setDutyCycle(0.1);
        worker.submit(builder, captureAtStep(trainer, 1), 16);
        QTRY_COMPARE_WITH_TIMEOUT(published.snapshots().size(), 1, kWaitMs);
        QElapsedTimer clock;
        clock.start();
        worker.submit(builder, captureAtStep(trainer, 2), 16);
        QTRY_COMPARE_WITH_TIMEOUT(published.snapshots().size(), 2, kWaitMs);
        QVERIFY2(clock.elapsed() < 600, qPrintable(QString("%1 ms").arg(clock.elapsed())));
    }

    void destroyingWithACapturePendingReturns() {
        Trainer trainer = trainerFor(tinyRun());
        const auto builder = std::make_shared<const SnapshotBuilder>(trainer);
        Published published;
        {
            AnalysisWorker worker([&](SnapshotPtr s) { published.add(s); });
            for (int step = 1; step <= 3; ++step)
                worker.submit(builder, captureAtStep(trainer, step), 16);
        } // aborts, wakes and waits
        // Whatever it finished before the abort came out in order; the rest was dropped.
        const QList<std::int64_t> steps = published.steps();
        QVERIFY(std::is_sorted(steps.begin(), steps.end()));
    }
};

QTEST_MAIN(TestAnalysisWorker)
#include "test_analysis_worker.moc"
