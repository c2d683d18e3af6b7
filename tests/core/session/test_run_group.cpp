// RunGroup (session/run_group.h): the runs on screen and their live settings' one source. A change
// asked for is what liveTrain() answers until a snapshot carries it, and it is not echoed back; a
// change made in the session (a rollback's lower lr) is published to the knobs. Start is refused
// once every run has diverged, and the group stops itself when they all have.
#include "io/preset_library.h"
#include "session/run_group.h"
#include "small_runs.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>

using namespace rankscope;

namespace {

// Polls the group as the display timer does until `done` holds for run 0's shown snapshot.
template <typename Predicate> bool pollUntil(RunGroup& group, Predicate done) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000) {
        group.poll();
        if (const SnapshotPtr shown = group.shownSnapshot(0); shown && done(*shown))
            return true;
        QTest::qWait(5);
    }
    return false;
}

} // namespace

class TestRunGroup : public QObject {
    Q_OBJECT
private slots:
    void aChangeAskedForIsLiveAtOnceAndNotEchoed() {
        RunGroup group;
        QSignalSpy published(&group, &RunGroup::trainPublished);
        QVERIFY(group.load(smallRun()).ok());
        QVERIFY(pollUntil(group, [](const Snapshot&) { return true; }));
        QCOMPARE(group.liveTrain(0), smallRun().train);
        TrainConfig faster = smallRun().train;
        faster.lr = 0.2;
        group.setTrainConfig(0, faster);
        QCOMPARE(group.liveTrain(0), faster); // before any snapshot carries it
        QCOMPARE(group.config().train, faster);
        group.step(1);
        QVERIFY(pollUntil(group, [](const Snapshot& s) { return s.step == 1; }));
        QCOMPARE(group.shownSnapshot(0)->train, faster);
        QCOMPARE(group.liveTrain(0), faster);
        QCOMPARE(published.count(), 0);
        QCOMPARE(group.history(0).lastStep(), std::int64_t(1));
    }

    void aRollbackIsPublishedAndEveryRunDivergedStopsTheGroup() {
        RunConfig config = smallRun();
        config.train.lr = 1e5;
        RunGroup group;
        QSignalSpy published(&group, &RunGroup::trainPublished);
        QSignalSpy running(&group, &RunGroup::runningChanged);
        QVERIFY(group.load(config).ok());
        QVERIFY(group.toggleRunning());
        QVERIFY(group.isRunning());
        QVERIFY(pollUntil(group, [](const Snapshot& s) { return s.state == RunState::Diverged; }));
        QVERIFY(!group.isRunning()); // it stopped itself
        QCOMPARE(running.count(), 2);
        QVERIFY(!group.toggleRunning()); // Start is refused
        group.rollBack(0, 0.1);
        QVERIFY(pollUntil(group, [](const Snapshot& s) { return s.state == RunState::Paused; }));
        QCOMPARE(published.count(), 1);
        QCOMPARE(published.at(0).at(1).value<TrainConfig>().lr, 1e4);
        QCOMPARE(group.liveTrain(0).lr, 1e4);
        QVERIFY(group.toggleRunning());
    }

    void savingAComparisonKeepsEachRunsLiveSettings() {
        RunGroup group;
        QVERIFY(group.load(resolvePreset("batch-sizes").value()).ok());
        TrainConfig slower = group.liveTrain(2);
        slower.lr = 0.025;
        group.setTrainConfig(2, slower);
        const RunConfig saved = group.config();
        QCOMPARE(saved.compare.size(), std::size_t(4));
        QVERIFY(std::find(saved.compare[2].settings.begin(), saved.compare[2].settings.end(),
                          std::pair<QString, QString>("train.lr", "0.025")) !=
                saved.compare[2].settings.end());
        for (int other : {0, 1, 3})
            for (const auto& [key, value] : saved.compare[other].settings)
                QVERIFY(key != "train.lr");
    }
};

QTEST_MAIN(TestRunGroup)
#include "test_run_group.moc"
