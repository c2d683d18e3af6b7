// Side-by-side runs in the main window, offscreen: a comparison preset opens one run per entry; every
// plot overlays the runs, named by what differs; the strip shows each run's progress; the "Run" box
// makes the knobs edit one run only; Space starts all runs; switching back to a single-run preset
// restores the per-layer view. The time plots label each run's line at its end, staggered. Also renders the
// comparison dashboard (COMPARISON_SCREENSHOT=path).
#include "comparison_strip.h"
#include "controls/control_panel.h"
#include "controls/log_slider.h"
#include "dashboard.h"
#include "io/preset_library.h"
#include "main_window.h"

#include <QComboBox>
#include <QFontMetricsF>
#include <QLabel>
#include <QSlider>
#include <QTest>

using namespace rankscope;

namespace {

// A lighter batch-sizes comparison: the same four runs on a smaller network and data set.
RunConfig quickBatchSizes() {
    RunConfig config = resolvePreset("batch-sizes").value();
    config.data.train_size = 1024;
    config.data.test_size = 256;
    config.model.hidden = {48, 48};
    return config;
}

bool allShownAtLeast(const MainWindow& window, std::int64_t step) {
    for (int i = 0; i < window.runCount(); ++i)
        if (!window.shownSnapshot(i) || window.shownSnapshot(i)->step < step)
            return false;
    return true;
}

QStringList legendNames(QCustomPlot* plot) {
    QStringList names;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

// The pixel heights of the visible end labels that name one of `runs`.
QList<double> endLabelHeights(QCustomPlot* plot, const QStringList& runs) {
    QList<double> heights;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i));
            text && text->visible() && runs.contains(text->text()))
            heights << text->position->pixelPosition().y();
    return heights;
}

} // namespace

class TestComparisonView : public QObject {
    Q_OBJECT
private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void comparisonPresetOverlaysEveryRun() {
        MainWindow window(quickBatchSizes());
        window.resize(1600, 1000);
        window.show();
        QCOMPARE(window.runCount(), 4);
        window.toggleRunning();
        QTRY_VERIFY_WITH_TIMEOUT(allShownAtLeast(window, 50), 30000);

        const QStringList runs{"B = 4", "B = 16", "B = 64", "B = 256"};
        const QList<LivePlot*> plots = window.dashboard()->plots();
        // All but the heat map (one run) and the null-space plot, hidden: a Gaussian mixture has no null
        // space.
        QVERIFY(plots[5]->isHidden());
        for (LivePlot* plot : plots.mid(0, 5)) {
            if (plot == plots[1])
                continue;
            const QStringList names = legendNames(plot);
            for (const QString& run : runs)
                QVERIFY2(names.contains(run), qPrintable(plot->title() + ": " + names.join(", ")));
            QVERIFY2(!names.contains("hidden-layer mean"), qPrintable(plot->title()));
        }
        // The time plots label each run's line at its end, one line of text apart at least.
        QTRY_COMPARE(endLabelHeights(plots[2], runs).size(), runs.size());
        QList<double> heights = endLabelHeights(plots[2], runs);
        std::sort(heights.begin(), heights.end());
        const double line = QFontMetricsF(plots[2]->theme().legendFont).height();
        for (int i = 1; i < heights.size(); ++i)
            QVERIFY2(heights[i] - heights[i - 1] >= line - 1,
                     qPrintable(QString::number(heights[i] - heights[i - 1])));

        auto* strip = window.findChild<ComparisonStrip*>();
        QVERIFY(strip && strip->isVisible());
        const QList<QLabel*> entries = strip->findChildren<QLabel*>();
        QCOMPARE(entries.size(), 4);
        QVERIFY(entries[0]->text().contains("B = 4") && entries[0]->text().contains("steps/s"));

        // The four runs share the CPU; the small batch makes more steps in the same time.
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot(0)->step > window.shownSnapshot(3)->step, 20000);

        if (const QString path = qEnvironmentVariable("COMPARISON_SCREENSHOT"); !path.isEmpty()) {
            QTest::qWait(qEnvironmentVariableIntValue("COMPARISON_SCREENSHOT_AFTER_MS"));
            QVERIFY(window.grab().save(path));
        }
    }

    void runBoxMakesTheKnobsEditOneRun() {
        MainWindow window(quickBatchSizes());
        window.show();
        auto* runChoice = window.controls()->findChild<QComboBox*>("runChoice");
        QVERIFY(runChoice && runChoice->isVisible());
        QCOMPARE(runChoice->count(), 4);
        window.controls()->setEditedRun(2);
        QCOMPARE(window.controls()->findChild<LogSlider*>("batchSize")->value(), 64.0);
        auto* lr = window.controls()->findChild<LogSlider*>("learningRate");
        lr->findChild<QSlider*>()->setValue(lr->findChild<QSlider*>()->value() - 10); // as a drag would
        const double chosen = lr->value();
        QVERIFY(chosen < 0.1);
        window.stepOnce();
        QTRY_VERIFY_WITH_TIMEOUT(allShownAtLeast(window, 1), 30000);
        QCOMPARE(window.shownSnapshot(2)->train.lr, chosen);
        for (int other : {0, 1, 3})
            QCOMPARE(window.shownSnapshot(other)->train.lr, 0.1);
        QCOMPARE(window.shownSnapshot(2)->events.size(), std::size_t(1));
        QVERIFY(window.shownSnapshot(0)->events.empty());

        window.controls()->setEditedRun(0); // the knobs show run 1's own settings again
        QCOMPARE(window.controls()->findChild<LogSlider*>("learningRate")->value(), 0.1);
        QCOMPARE(window.controls()->findChild<LogSlider*>("batchSize")->value(), 4.0);
    }

    void singleRunPresetRestoresTheLayerView() {
        MainWindow window(quickBatchSizes());
        window.show();
        window.stepOnce();
        QTRY_VERIFY_WITH_TIMEOUT(allShownAtLeast(window, 1), 30000);
        RunConfig single = quickBatchSizes();
        single.compare.clear();
        window.loadConfig(single);
        QCOMPARE(window.runCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(window.shownSnapshot(0) != nullptr, 30000);
        QVERIFY(!window.findChild<ComparisonStrip*>()->isVisible());
        QVERIFY(!window.controls()->findChild<QComboBox*>("runChoice")->isVisible());
        LivePlot* rank = window.dashboard()->plots()[2];
        QTRY_VERIFY(legendNames(rank).contains("hidden-layer mean"));
        QVERIFY(!legendNames(rank).contains("B = 4"));
    }
};

QTEST_MAIN(TestComparisonView)
#include "test_comparison_view.moc"
