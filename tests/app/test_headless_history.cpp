// The headless figure is as dense as the window's: a run trained headless with --export and the same
// run stepped in the window to the same step draw the same number of points in every curve and heat
// map column, whatever --metrics-every is. The window is stepped in chunks of the headless history's
// interval (400 points offered over the run), so both histories are offered the same steps and
// decimate them alike.
#include "dashboard.h"
#include "headless_runner.h"
#include "main_window.h"
#include "small_runs.h"

#include <QTemporaryDir>
#include <QTest>
#include <numeric>

using namespace rankscope;

namespace {

constexpr qint64 kSteps = 800; // 400 history points offered: one every 2 steps
constexpr int kChunk = 2;

// The number of data points of every graph and colour map of a plot, in order.
QList<int> pointsPerCurve(QCustomPlot* plot) {
    QList<int> points;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        if (auto* graph = qobject_cast<QCPGraph*>(plot->plottable(i)))
            points << graph->dataCount();
        else if (auto* map = qobject_cast<QCPColorMap*>(plot->plottable(i)))
            points << map->data()->keySize();
    }
    return points;
}

QString counts(const QList<int>& points) {
    QStringList texts;
    for (const int n : points)
        texts << QString::number(n);
    return texts.join(' ');
}

std::int64_t shownStep(const MainWindow& window) {
    const SnapshotPtr shown = window.shownSnapshot();
    return shown ? shown->step : -1;
}

} // namespace

class TestHeadlessHistory : public QObject {
    Q_OBJECT
private slots:
    void headlessAndWindowFiguresDrawTheSamePointsPerCurve() {
        RunConfig config = smallRun();
        // Gradient noise is measured within a share of the training time, so where its markers fall
        // depends on the machine's speed, not on the history; leave it out.
        config.metrics.gradient_noise_every = 0;
        QTemporaryDir dir;
        CommandLineOptions options;
        options.steps = kSteps;
        options.metricsEvery = 50; // rows every 50 steps: not what the figure draws
        options.outDir = dir.filePath("run");
        options.exportPng = dir.filePath("figure.png");
        const RunOutcome headless = runInFolder(config, options);
        QCOMPARE(headless.exitCode, kExitOk);
        // 401 points offered, decimated to the window's capacity.
        QVERIFY(headless.history.meanRank.size() <= kDisplayHistoryPoints);
        QVERIFY(headless.history.meanRank.size() > kDisplayHistoryPoints / 2);

        MainWindow window(config);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(shownStep(window), 0, 15000); // the run's start is a history point too
        for (qint64 step = kChunk; step <= kSteps; step += kChunk) {
            window.session().step(kChunk);
            QTRY_COMPARE_WITH_TIMEOUT(shownStep(window), step, 15000);
        }
        QCOMPARE(window.history().meanRank.size(), headless.history.meanRank.size());

        Dashboard exported;
        exported.showRun(headless.history, headless.last);
        const QList<LivePlot*> shown = window.dashboard()->plots(), drawn = exported.plots();
        int drawnPoints = 0;
        for (int p = 0; p < shown.size(); ++p) {
            const QList<int> window = pointsPerCurve(shown[p]), figure = pointsPerCurve(drawn[p]);
            QVERIFY2(window == figure,
                     qPrintable(QString("%1: window %2, headless %3")
                                    .arg(shown[p]->title(), counts(window), counts(figure))));
            QVERIFY(!figure.isEmpty());
            drawnPoints += std::accumulate(figure.begin(), figure.end(), 0);
        }
        QVERIFY(drawnPoints > 1000);
    }
};

QTEST_MAIN(TestHeadlessHistory)
#include "test_headless_history.moc"
