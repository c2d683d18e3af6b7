// Tests for session/history_at_step: a history seen as of an earlier step keeps exactly the points
// and change events up to that step, rebuilds that moment's snapshot (measures, spectra, settings
// then in effect) and leaves the present's history as it was.
#include "session/history_at_step.h"

#include <QTest>

using namespace rankscope;

namespace {

// Steps 0, 10, ..., 90; the mean rank at step s is 100 - s/10, layer 1's singular values (s, 1).
// lr went from 0.1 to 0.05 at step 40.
struct RecordedRun {
    RunHistory history;
    Snapshot present;
};

RecordedRun recordedRun() {
    RecordedRun run;
    for (int step = 0; step <= 90; step += 10) {
        Snapshot s;
        s.step = step;
        s.epoch = step / 100.0;
        s.train.lr = step >= 40 ? 0.05 : 0.1;
        if (step >= 40)
            s.events = {{40, "lr", 0.1, 0.05}};
        s.metrics.trainLoss = 2.0 - step / 100.0;
        s.analysis.meanRank = 100 - step / 10;
        LayerAnalysis layer;
        layer.rank = 100 - step / 10;
        layer.singularValues = Eigen::Vector2d(step, 1);
        s.analysis.layers = {layer};
        s.layerNames = {"fc.weight"};
        run.history.append(s);
        run.present = s;
    }
    return run;
}

} // namespace

class TestHistoryAtStep : public QObject {
    Q_OBJECT

private slots:
    void recordedStepsAreTheSeriesTimeBase() {
        const RecordedRun run = recordedRun();
        const std::vector<std::int64_t> steps = recordedSteps(run.history);
        QCOMPARE(steps.size(), std::size_t(10));
        QCOMPARE(steps.front(), 0);
        QCOMPARE(steps.back(), 90);
    }

    void keepsThePointsUpToTheStep() {
        const RecordedRun run = recordedRun();
        const HistoryAtStep past = historyAtStep(run.history, run.present, 35); // recorded: 30
        QCOMPARE(past.history.lastStep(), 30);
        QCOMPARE(past.history.meanRank.size(), 4);
        QCOMPARE(past.history.layers[0].rank.size(), 4);
        QCOMPARE(past.history.layers[0].spectra.size(), 4);
        QVERIFY(past.history.events.empty());      // lr changed at 40, after it
        QCOMPARE(run.history.meanRank.size(), 10); // the present's history is untouched
        QCOMPARE(run.history.events.size(), std::size_t(1));
    }

    void rebuildsThatMomentsSnapshot() {
        const RecordedRun run = recordedRun();
        const HistoryAtStep before = historyAtStep(run.history, run.present, 30);
        QCOMPARE(before.snapshot.step, 30);
        QCOMPARE(before.snapshot.epoch, 0.3);
        QCOMPARE(before.snapshot.analysis.meanRank, 97.0);
        QCOMPARE(before.snapshot.analysis.layers.size(), std::size_t(1));
        QCOMPARE(before.snapshot.analysis.layers[0].rank, 97);
        QCOMPARE(before.snapshot.analysis.layers[0].singularValues, Eigen::VectorXd(Eigen::Vector2d(30, 1)));
        QCOMPARE(before.snapshot.metrics.trainLoss, 1.7);
        QCOMPARE(before.snapshot.train.lr, 0.1); // the change at 40 is undone
        QCOMPARE(before.snapshot.layerNames, QStringList({"fc.weight"}));

        const HistoryAtStep after = historyAtStep(run.history, run.present, 40);
        QCOMPARE(after.snapshot.train.lr, 0.05);
        QCOMPARE(after.history.events.size(), std::size_t(1));
        QCOMPARE(after.snapshot.events.size(), std::size_t(1));
    }

    void aStepBeforeTheFirstShowsTheFirst() {
        const RecordedRun run = recordedRun();
        const HistoryAtStep first = historyAtStep(run.history, run.present, -5);
        QCOMPARE(first.snapshot.step, 0);
        QCOMPARE(first.history.meanRank.size(), 1);
    }
};

QTEST_MAIN(TestHistoryAtStep)
#include "test_history_at_step.moc"
