// lecture.pause_at: a run pauses by itself exactly at each listed step (session/training_session.h),
// and a RunGroup pauses its other runs with it, so the class sees them side by side.
#include "session/run_group.h"
#include "small_runs.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace rankscope;

namespace {

template <typename Predicate> bool pollUntil(RunGroup& group, Predicate done) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30000) {
        group.poll();
        if (done())
            return true;
        QTest::qWait(5);
    }
    return false;
}

} // namespace

class TestLecturePause : public QObject {
    Q_OBJECT
private slots:
    void aRunPausesAtEachListedStep() {
        RunConfig config = smallRun();
        config.lecture.pause_at = {40, 90};
        RunGroup group;
        QVERIFY(group.load(config).ok());
        QSignalSpy running(&group, &RunGroup::runningChanged);
        for (const std::int64_t pause : {40, 90}) {
            group.setRunning(true);
            QVERIFY(pollUntil(group, [&] {
                const SnapshotPtr shown = group.shownSnapshot(0);
                return !group.isRunning() && shown && shown->step == pause &&
                       shown->state == RunState::Paused;
            }));
        }
        QCOMPARE(running.count(), 4); // started, paused, started, paused
    }

    void theOtherRunsPauseWithIt() {
        RunConfig config = smallRun();
        config.lecture.pause_at = {300};
        config.compare = {{"B = 4", {{"train.batch_size", "4"}}}, {"B = 128", {{"train.batch_size", "128"}}}};
        RunGroup group;
        QVERIFY(group.load(config).ok());
        group.setRunning(true);
        QVERIFY(pollUntil(group, [&] { return !group.isRunning(); }));
        QVERIFY(pollUntil(group, [&] {
            const SnapshotPtr first = group.shownSnapshot(0), second = group.shownSnapshot(1);
            return first && second && first->state == RunState::Paused && second->state == RunState::Paused;
        }));
        const bool onePausedAtTheStep =
            group.shownSnapshot(0)->step == 300 || group.shownSnapshot(1)->step == 300;
        QVERIFY(onePausedAtTheStep);
    }
};

QTEST_MAIN(TestLecturePause)
#include "test_lecture_pause.moc"
