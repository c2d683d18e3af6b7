// MetricHistory: bounded memory over a million points, uniform decimation, the present always shown;
// RunHistory: a rollback (an older step) drops the undone points and takes the rewritten events.
#include "session/metric_history.h"
#include "session/run_history.h"

#include <QTest>

using namespace rankscope;

class TestMetricHistory : public QObject {
    Q_OBJECT
private slots:
    void keepsEverythingBelowCapacity() {
        MetricHistory history(16);
        for (int i = 0; i < 10; ++i)
            history.append(i, i / 10.0, i * i);
        QCOMPARE(history.size(), 10);
        QCOMPARE(history.values().back(), 81.0);
        QCOMPARE(history.epochs()[5], 0.5);
    }

    void staysBoundedOverAMillionPoints() {
        MetricHistory history(1000);
        for (int i = 0; i < 1'000'000; ++i) {
            history.append(i, 0, i);
            QVERIFY(history.size() <= 1001);
        }
        QVERIFY(history.size() >= 500);
        QCOMPARE(history.steps().front(), 0.0);
        QCOMPARE(history.steps().back(), 999999.0); // the present is always the last point
        // Uniform spacing (but for the tentative tail): the run is covered evenly.
        const auto& steps = history.steps();
        const double spacing = steps[1] - steps[0];
        for (std::size_t i = 1; i + 1 < steps.size(); ++i)
            QCOMPARE(steps[i] - steps[i - 1], spacing);
    }

    void clearStartsOver() {
        MetricHistory history(8);
        for (int i = 0; i < 100; ++i)
            history.append(i, 0, 0);
        history.clear();
        history.append(5, 0, 1);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.steps().front(), 5.0);
    }

    void rollbackDropsTheUndoneSteps() {
        RunHistory history(64, 64);
        Snapshot snapshot;
        snapshot.analysis.layers.resize(2);
        for (std::int64_t step : {0, 100, 200, 300, 400}) {
            snapshot.step = step;
            snapshot.analysis.meanRank = static_cast<double>(step);
            history.append(snapshot);
        }
        snapshot.step = 250; // TrainingSession::rollBack() returned to step 250 with a lower lr
        snapshot.analysis.meanRank = -1;
        snapshot.events = {ChangeEvent{250, "lr", 1.0, 0.1}};
        history.append(snapshot);
        QCOMPARE(history.meanRank.steps(), (std::vector<double>{0, 100, 200, 250}));
        QCOMPARE(history.meanRank.values().back(), -1.0);
        QCOMPARE(history.layers[1].rank.steps().back(), 250.0);
        QCOMPARE(history.events.size(), std::size_t(1));
        QCOMPARE(history.lastStep(), std::int64_t(250));
        snapshot.step = 260;
        history.append(snapshot);
        QCOMPARE(history.meanRank.steps().back(), 260.0);
    }
};

QTEST_GUILESS_MAIN(TestMetricHistory)
#include "test_metric_history.moc"
