// MainWindow end to end, offscreen: a preset trains and every plot receives data; a live control
// change applies without a reset and drops a marker; pause/step/reset; figure export at the requested
// pixel size in PNG, PDF and SVG; a diverging run shows the diverged state and rolls back with a lower
// learning rate from its notice; closing while training
// returns promptly.
#include "controls/control_panel.h"
#include "controls/log_slider.h"
#include "dashboard.h"
#include "divergence_notice.h"
#include "figure_export.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "run_status_bar.h"
#include "time_plot.h"

#include <QElapsedTimer>
#include <QImageReader>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

RunConfig quickRun() {
    RunConfig config = defaultPreset();
    config.data.train_size = 1024;
    config.data.test_size = 256;
    config.model.hidden = {48, 48};
    return config;
}

// Processes events until the window shows a snapshot satisfying `done`.
template <typename Predicate> bool waitForShown(MainWindow& window, Predicate done, int timeoutMs = 15000) {
    return QTest::qWaitFor(
        [&] {
            const SnapshotPtr shown = window.shownSnapshot();
            return shown && done(*shown);
        },
        timeoutMs);
}

int dataPoints(QCustomPlot* plot) {
    int points = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        points += plot->graph(i)->dataCount();
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* map = qobject_cast<QCPColorMap*>(plot->plottable(i)))
            points += map->data()->keySize();
    return points;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void presetTrainsAndEveryPlotReceivesData() {
        MainWindow window(quickRun());
        window.resize(1600, 1000);
        window.show();
        window.toggleRunning();
        QVERIFY(waitForShown(window, [&window](const Snapshot& s) {
            return s.state == RunState::Running && window.history().meanRank.size() > 5;
        }));
        for (LivePlot* plot : window.dashboard()->plots()) {
            if (plot->title().contains("Janus"))
                continue; // Gaussian inputs span R^d: this plot shows its explanation instead
            QVERIFY2(dataPoints(plot) > 0, qPrintable(plot->title()));
        }
    }

    void liveChangeAppliesWithoutResetAndDropsAMarker() {
        MainWindow window(quickRun());
        window.show();
        window.toggleRunning();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.step > 500; }));
        const std::int64_t before = window.shownSnapshot()->step;
        TrainConfig train = window.config().train;
        train.batch_size = 128;
        emit window.controls()->trainChanged(train);
        QVERIFY(
            waitForShown(window, [](const Snapshot& s) { return s.batchSize == 128 && !s.events.empty(); }));
        const SnapshotPtr shown = window.shownSnapshot();
        QVERIFY(shown->step > before); // no reset
        QCOMPARE(shown->events.back().name, QString("batch_size"));
        QCOMPARE(TimePlot::markerLabel(shown->events.back()), QString("B 8→128"));
        int labelled = 0;
        for (LivePlot* plot : window.dashboard()->plots())
            for (int i = 0; i < plot->itemCount(); ++i)
                if (auto* text = qobject_cast<QCPItemText*>(plot->item(i));
                    text && text->text().contains("B 8→128"))
                    ++labelled;
        QVERIFY2(labelled >= 4, qPrintable(QString::number(labelled))); // every time plot
    }

    void pauseStepAndReset() {
        MainWindow window(quickRun());
        window.show();
        window.toggleRunning();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.step > 100; }));
        window.toggleRunning();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.state == RunState::Paused; }));
        const std::int64_t paused = window.shownSnapshot()->step;
        window.stepOnce();
        QVERIFY(waitForShown(window, [paused](const Snapshot& s) { return s.step == paused + 1; }));
        window.resetRun();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.step == 0; }));
        QCOMPARE(window.history().lastStep(), std::int64_t(0));
    }

    void exportsFiguresOfTheRequestedSize() {
        MainWindow window(quickRun());
        window.show();
        window.stepOnce();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.step == 1; }));
        QTemporaryDir dir;
        const QList<LivePlot*> plots = window.dashboard()->plots();
        QVERIFY(exportFigure(plots, {QSize(1200, 900), 2.0, 2}, dir.filePath("dash.png")).ok());
        QCOMPARE(QImageReader(dir.filePath("dash.png")).size(), QSize(2400, 1800));
        QVERIFY(exportFigure({plots.first()}, {QSize(800, 500), 1.0, 1}, dir.filePath("one.png")).ok());
        QCOMPARE(QImageReader(dir.filePath("one.png")).size(), QSize(800, 500));
        QVERIFY(exportFigure(plots, {QSize(1200, 900), 1.0, 2}, dir.filePath("dash.pdf")).ok());
        QVERIFY(exportFigure(plots, {QSize(1200, 900), 1.0, 2}, dir.filePath("dash.svg")).ok());
        if (qEnvironmentVariableIsSet("RANKSCOPE_REVIEW_DIR"))
            for (const char* name : {"dash.png", "dash.pdf", "dash.svg"})
                QFile::copy(dir.filePath(name), qEnvironmentVariable("RANKSCOPE_REVIEW_DIR") + "/" + name);
        QFile pdf(dir.filePath("dash.pdf")), svg(dir.filePath("dash.svg"));
        QVERIFY(pdf.open(QIODevice::ReadOnly) && pdf.read(5) == "%PDF-");
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.contains("<svg") && svgText.contains("viewBox=\"0 0 1200 900\"") &&
                svgText.contains("Singular values"));
        QVERIFY(!exportFigure(plots, {}, dir.filePath("dash.bmp")).ok()); // unknown format: an error, no file
    }

    void divergingRunShowsTheDivergedState() {
        RunConfig config = quickRun();
        config.train.lr = 1e5;
        MainWindow window(config);
        window.show();
        window.toggleRunning();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.state == RunState::Diverged; }));
        QVERIFY(RunStatusBar::stateText(*window.shownSnapshot()).contains("Diverged at step"));
        QCOMPARE(window.controls()->startPauseButton()->text(), QString("Start")); // the run stopped itself
        window.toggleRunning(); // must not crash or restart a diverged run
        QTest::qWait(100);
        QCOMPARE(window.shownSnapshot()->state, RunState::Diverged);

        // The notice offers a rollback with a lower learning rate; the knobs follow it.
        auto* notice = window.findChild<DivergenceNotice*>();
        QTRY_VERIFY(notice && notice->isVisible());
        QPushButton* tenth = nullptr;
        for (QPushButton* button : notice->findChildren<QPushButton*>())
            if (button->text().contains("÷ 10"))
                tenth = button;
        QVERIFY(tenth);
        tenth->click();
        QVERIFY(waitForShown(window, [](const Snapshot& s) { return s.state == RunState::Paused; }));
        QCOMPARE(window.shownSnapshot()->train.lr, 1e4);
        QTRY_VERIFY(!notice->isVisible());
        QTRY_COMPARE(window.controls()->findChild<LogSlider*>("learningRate")->value(), 1e4);
        QCOMPARE(window.config().train.lr, 1e4); // what File → Save would write
    }

    void closingDuringTrainingReturnsPromptly() {
        auto window = std::make_unique<MainWindow>(quickRun());
        window->show();
        window->toggleRunning();
        QVERIFY(waitForShown(*window, [](const Snapshot& s) { return s.step > 100; }));
        QElapsedTimer clock;
        clock.start();
        window->close();
        window.reset();
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    }

    void presentationModeShowsTheTalkTheme() {
        QSettings().setValue("theme", "light");
        MainWindow window(quickRun());
        window.show();
        window.setPresentationMode(true);
        QCOMPARE(window.dashboard()->plots().first()->theme().name, QString("talk"));
        QCOMPARE(QSettings().value("theme").toString(), QString("light")); // not the user's choice
        window.setPresentationMode(false);
        QCOMPARE(window.dashboard()->plots().first()->theme().name, QString("light"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
