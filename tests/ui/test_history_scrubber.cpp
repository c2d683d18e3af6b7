// Tests for HistoryScrubber, the step slider under the dashboard: at the present it passes the
// runs through and follows them; moved back, every run is shown as it stood at that step; Present
// returns. In the main window a paused live run scrubs (the plots show exactly the points up to the
// chosen step), its arrow keys move it (not the window's Step), taking the slider pauses a
// running one, and Start returns to the present.
#include "dashboard.h"
#include "history_scrubber.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "plots/rank_plot.h"

#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using namespace rankscope;

namespace {

Snapshot snapshotAt(std::int64_t step) {
    Snapshot s;
    s.step = step;
    s.analysis.meanRank = 100 - step / 10;
    LayerAnalysis layer;
    layer.singularValues = Eigen::Vector2d(1, 0.5);
    s.analysis.layers = {layer};
    return s;
}

RunConfig smallRun() {
    RunConfig config = defaultPreset();
    config.data.train_size = 512;
    config.data.test_size = 128;
    config.model.hidden = {32, 32};
    return config;
}

// The number of points of the rank plot's hidden-layer mean, and its last step.
std::pair<int, double> meanRankShown(Dashboard* dashboard) {
    for (LivePlot* plot : dashboard->plots())
        if (auto* rank = qobject_cast<RankPlot*>(plot))
            for (int i = 0; i < rank->graphCount(); ++i)
                if (rank->graph(i)->name() == "hidden-layer mean" && rank->graph(i)->visible()) {
                    const auto data = rank->graph(i)->data();
                    return {data->size(), data->isEmpty() ? -1.0 : (data->constEnd() - 1)->key};
                }
    return {-1, -1};
}

} // namespace

class TestHistoryScrubber : public QObject {
    Q_OBJECT

private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void passesThePresentAndScrubsBack() {
        RunHistory history;
        Snapshot latest;
        for (std::int64_t step = 0; step <= 90; step += 10)
            history.append(latest = snapshotAt(step));
        HistoryScrubber scrubber;
        QSignalSpy chosen(&scrubber, &HistoryScrubber::stepChosen);
        const RunViews present = singleRunView(history, latest);
        QCOMPARE(scrubber.viewsToShow(present).front().history, &history);

        scrubber.choose(35);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(scrubber.chosenStep(), std::optional<std::int64_t>(30));
        const RunViews past = scrubber.viewsToShow(present);
        QCOMPARE(past.front().history->meanRank.size(), 4);
        QCOMPARE(past.front().latest->step, 30);

        history.append(latest = snapshotAt(100)); // the present moves on: the past stays where it was
        QCOMPARE(scrubber.viewsToShow(singleRunView(history, latest)).front().latest->step, 30);
        QCOMPARE(scrubber.findChild<QSlider*>()->maximum(), 10);

        scrubber.findChild<QPushButton*>("historyPresent")->click();
        QCOMPARE(scrubber.chosenStep(), std::nullopt);
        QCOMPARE(chosen.size(), 2);
        QCOMPARE(scrubber.viewsToShow(singleRunView(history, latest)).front().history, &history);
    }

    void pausedLiveRunScrubsAndStartReturnsToThePresent() {
        MainWindow window(smallRun());
        window.show();
        window.toggleRunning();
        QTRY_VERIFY_WITH_TIMEOUT(window.history().meanRank.size() > 20, 30000);
        window.toggleRunning(); // pause
        QTRY_VERIFY(window.shownSnapshot() && window.shownSnapshot()->state == RunState::Paused);
        QTest::qWait(100); // the last snapshots reach the history
        const std::vector<double> steps = window.history().meanRank.steps();
        const double chosen = steps[steps.size() / 2];

        window.scrubber()->choose(static_cast<std::int64_t>(chosen));
        const int upToChosen =
            int(std::count_if(steps.begin(), steps.end(), [&](double s) { return s <= chosen; }));
        QCOMPARE(meanRankShown(window.dashboard()), std::make_pair(upToChosen, chosen));
        QCOMPARE(window.history().meanRank.size(), int(steps.size())); // the recorded history is kept

        auto* slider = window.scrubber()->findChild<QSlider*>();
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_Right); // the slider's key, not the window's Step
        QCOMPARE(window.scrubber()->chosenStep(),
                 std::optional(static_cast<std::int64_t>(steps[steps.size() / 2 + 1])));
        QCOMPARE(window.history().lastStep(), static_cast<std::int64_t>(steps.back()));

        window.toggleRunning(); // Start: back to the present
        QCOMPARE(window.scrubber()->chosenStep(), std::nullopt);
        QTRY_VERIFY(meanRankShown(window.dashboard()).second > steps.back());
        window.toggleRunning();
    }

    void takingTheSliderPausesARunningRun() {
        MainWindow window(smallRun());
        window.show();
        window.toggleRunning();
        QTRY_VERIFY_WITH_TIMEOUT(window.history().meanRank.size() > 5, 30000);
        auto* slider = window.scrubber()->findChild<QSlider*>();
        emit slider->sliderPressed(); // what a press on its handle sends
        QTRY_VERIFY(window.shownSnapshot()->state == RunState::Paused);
    }
};

QTEST_MAIN(TestHistoryScrubber)
#include "test_history_scrubber.moc"
