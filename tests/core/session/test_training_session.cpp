// TrainingSession: snapshots arrive, changes apply at the next step and are recorded,
// pause/resume/step/reset behave, a bad configuration is reported, a divergence is a state with a
// likely cause from which rollBack() recovers, the destructor stops promptly, and the training thread
// yields the CPU to the GUI (a lower priority).
#include "session/thread_priority.h"
#include "session/training_session.h"
#include "small_runs.h"
#include "thread_stats.h"

#include <QElapsedTimer>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <sys/resource.h>

using namespace rankscope;

namespace {

// Runs `handler` on the test thread for every `signal` of the session. The session emits from its
// worker threads; QSignalSpy would record there (a direct connection), racing with the test's reads.
template <typename Signal, typename Handler>
void handleOnTestThread(TrainingSession& session, Signal signal, QObject& receiver, Handler handler) {
    QObject::connect(&session, signal, &receiver, handler, Qt::QueuedConnection);
}

// Processes events until the newest snapshot satisfies `done`; fails the test on timeout.
template <typename Predicate>
SnapshotPtr waitFor(TrainingSession& session, Predicate done, int timeoutMs = 10000) {
    SnapshotPtr snapshot;
    if (QTest::qWaitFor([&] { return (snapshot = session.latestSnapshot()) && done(*snapshot); }, timeoutMs))
        return snapshot;
    QTest::qFail("timed out waiting for a snapshot", __FILE__, __LINE__);
    return std::make_shared<const Snapshot>();
}

} // namespace

class TestTrainingSession : public QObject {
    Q_OBJECT
private slots:
    void loadPublishesAPausedSnapshot() {
        TrainingSession session;
        session.load(smallRun());
        QTRY_VERIFY_WITH_TIMEOUT(session.latestSnapshot() != nullptr, 10000);
        const SnapshotPtr snapshot = session.latestSnapshot();
        QCOMPARE(snapshot->step, std::int64_t(0));
        QCOMPARE(snapshot->state, RunState::Paused);
        QCOMPARE(snapshot->weights.size(), std::size_t(3));
        QCOMPARE(snapshot->analysis.layers.size(), std::size_t(3));
        QCOMPARE(snapshot->analysis.layers[0].singularValues.size(), 16);
    }

    void trainingYieldsTheCpuToTheGui() {
#ifndef Q_OS_LINUX
        QSKIP("thread priorities are set on Linux only");
#endif
        TrainingSession session;
        session.load(smallRun());
        QTRY_VERIFY_WITH_TIMEOUT(session.latestSnapshot() != nullptr, 10000);
        // Relative to this process's own nice value (the test may itself run under `nice`).
        const int base = getpriority(PRIO_PROCESS, 0);
        const QList<ThreadStat> training = threadStats("rankscope::Trai"),
                                analysis = threadStats("rankscope::Anal");
        QCOMPARE(training.size(), 1);
        QCOMPARE(training.front().niceness, std::max(base, kTrainingNiceness));
        QCOMPARE(analysis.size(), 1);
        QCOMPARE(analysis.front().niceness, base);
    }

    void runningPublishesSnapshotsAtABoundedRate() {
        TrainingSession session;
        session.load(smallRun());
        waitFor(session, [](const Snapshot& s) { return s.state == RunState::Paused; });
        int ready = 0; // distinct snapshots seen, polling far faster than they may come
        SnapshotPtr seen = session.latestSnapshot();
        session.setRunning(true);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 1000) {
            if (const SnapshotPtr latest = session.latestSnapshot(); latest != seen) {
                seen = latest;
                ++ready;
            }
            QThread::usleep(500);
        }
        const SnapshotPtr snapshot = session.latestSnapshot();
        QCOMPARE(snapshot->state, RunState::Running);
        QVERIFY(snapshot->step > 100);
        QVERIFY2(ready >= 5 && ready <= 50, qPrintable(QString::number(ready))); // <= 45 Hz
        QVERIFY(snapshot->stepsPerSecond > 0);
    }

    void stepRunsExactlyThatManySteps() {
        TrainingSession session;
        session.load(smallRun());
        waitFor(session, [](const Snapshot& s) { return s.state == RunState::Paused; });
        session.step(7);
        waitFor(session, [](const Snapshot& s) { return s.step == 7; });
        QTest::qWait(200);
        QCOMPARE(session.latestSnapshot()->step, std::int64_t(7));
        QCOMPARE(session.latestSnapshot()->state, RunState::Paused);
    }

    void changeAppliesAtNextStepAndIsRecorded() {
        TrainingSession session;
        session.load(smallRun());
        session.step(3);
        waitFor(session, [](const Snapshot& s) { return s.step == 3; });
        TrainConfig train = smallRun().train;
        train.batch_size = 64;
        train.lr = 0.05;
        session.setTrainConfig(train);
        session.step(1);
        const SnapshotPtr snapshot = waitFor(session, [](const Snapshot& s) { return s.step == 4; });
        QCOMPARE(snapshot->batchSize, 64);
        QCOMPARE(snapshot->train.lr, 0.05);
        QCOMPARE(snapshot->events.size(), std::size_t(2));
        QCOMPARE(snapshot->events[0].name, QString("batch_size"));
        QCOMPARE(snapshot->events[0].step, std::int64_t(3));
        QCOMPARE(snapshot->events[0].oldValue, 16.0);
        QCOMPARE(snapshot->events[0].newValue, 64.0);
        QCOMPARE(snapshot->events[1].name, QString("lr"));
        // epoch = (3 * 16 + 64) / 512: the fourth step used the new batch size.
        QCOMPARE(snapshot->epoch, (3 * 16 + 64) / 512.0);
    }

    void pauseStopsAndResetRestarts() {
        TrainingSession session;
        session.load(smallRun());
        session.setRunning(true);
        waitFor(session, [](const Snapshot& s) { return s.step > 50; });
        session.setRunning(false);
        const SnapshotPtr paused =
            waitFor(session, [](const Snapshot& s) { return s.state == RunState::Paused; });
        QTest::qWait(200);
        QCOMPARE(session.latestSnapshot()->step, paused->step);
        session.reset();
        const SnapshotPtr fresh = waitFor(session, [](const Snapshot& s) { return s.step == 0; });
        QVERIFY(fresh->events.empty());
    }

    void speedCapPacesTraining() {
        TrainingSession session;
        session.load(smallRun());
        session.setMaxStepsPerSecond(20);
        session.setRunning(true);
        QTest::qWait(1000);
        const std::int64_t steps = session.latestSnapshot()->step;
        QVERIFY2(steps >= 5 && steps <= 40, qPrintable(QString::number(steps)));
    }

    void badConfigurationIsReported() {
        TrainingSession session;
        QObject receiver;
        QString failure;
        handleOnTestThread(session, &TrainingSession::loadFailed, receiver,
                           [&](const QString& message) { failure = message; });
        RunConfig config = smallRun();
        config.train.batch_size = 0;
        session.load(config);
        QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 5000);
        QVERIFY2(failure.contains("train.batch_size"), qPrintable(failure));
    }

    void divergenceIsAState_data() {
        QTest::addColumn<double>("maxStepsPerSecond");
        QTest::newRow("full speed") << 0.0;
        // One step per 50 ms: a snapshot (and a rollback offer) after every step, as when a step
        // takes longer than the publish interval (a loaded machine, ThreadSanitizer). The rollback
        // point must then still offer only weights whose loss was measured, never the latest step's.
        QTest::newRow("a snapshot after every step") << 20.0;
    }

    void divergenceIsAState() {
        QFETCH(double, maxStepsPerSecond);
        TrainingSession session;
        RunConfig config = smallRun();
        config.train.lr = 1e5;
        config.train.weight_decay = 0; // else lr·wd >= 2 would be the diagnosis
        session.load(config);
        session.setMaxStepsPerSecond(maxStepsPerSecond); // after load(), which drops pending requests
        session.setRunning(true);
        const SnapshotPtr snapshot =
            waitFor(session, [](const Snapshot& s) { return s.state == RunState::Diverged; });
        QVERIFY(snapshot->divergedAtStep >= 1);
        for (const auto& W : snapshot->weights)
            QVERIFY(W.allFinite());
        QVERIFY(snapshot->divergence);
        QCOMPARE(snapshot->divergence->cause, DivergenceCause::LearningRateTooLarge);
        QVERIFY2(snapshot->divergence->summary.contains("batch size 16"),
                 qPrintable(snapshot->divergence->summary));
        QCOMPARE(snapshot->rollbackStep, std::int64_t(0)); // only the initial weights were healthy
    }

    void rollBackRecoversFromADivergence() {
        TrainingSession session;
        session.load(smallRun());
        session.step(30);
        waitFor(session, [](const Snapshot& s) { return s.step == 30; });
        TrainConfig unstable = smallRun().train;
        unstable.lr = 1;
        unstable.weight_decay = 2.5; // lr·wd = 2.5 >= 2: W is multiplied by -1.5 per step
        session.setTrainConfig(unstable);
        session.setRunning(true);
        const SnapshotPtr diverged =
            waitFor(session, [](const Snapshot& s) { return s.state == RunState::Diverged; });
        QVERIFY(diverged->divergedAtStep > 30);
        QCOMPARE(diverged->divergence->cause, DivergenceCause::WeightDecayUnstable);
        QVERIFY2(diverged->rollbackStep >= 30 && diverged->rollbackStep < diverged->divergedAtStep,
                 qPrintable(QString("rollback to %1, diverged at %2")
                                .arg(diverged->rollbackStep)
                                .arg(diverged->divergedAtStep)));

        session.rollBack(0.1);
        const SnapshotPtr rolledBack =
            waitFor(session, [](const Snapshot& s) { return s.state != RunState::Diverged; });
        QCOMPARE(rolledBack->state, RunState::Paused);
        QCOMPARE(rolledBack->step, diverged->rollbackStep);
        QVERIFY(!rolledBack->divergence);
        QCOMPARE(rolledBack->train.lr, 0.1);
        QCOMPARE(rolledBack->train.weight_decay, 2.5);
        for (const auto& W : rolledBack->weights)
            QVERIFY(W.allFinite());
        const ChangeEvent& marker = rolledBack->events.back();
        QCOMPARE(marker.name, QString("lr"));
        QCOMPARE(marker.step, rolledBack->step);
        QCOMPARE(marker.oldValue, 1.0);
        QCOMPARE(marker.newValue, 0.1);

        session.step(500);
        const SnapshotPtr later =
            waitFor(session, [&](const Snapshot& s) { return s.step == rolledBack->step + 500; });
        QCOMPARE(later->state, RunState::Paused);
        QVERIFY(std::isfinite(later->metrics.trainLoss));
        for (const auto& W : later->weights)
            QVERIFY(W.allFinite());
    }

    void destructorStopsATrainingRunPromptly() {
        auto session = std::make_unique<TrainingSession>();
        session->load(smallRun());
        session->setRunning(true);
        waitFor(*session, [](const Snapshot& s) { return s.step > 10; });
        QElapsedTimer clock;
        clock.start();
        session.reset();
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestTrainingSession)
#include "test_training_session.moc"
