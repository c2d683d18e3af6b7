// Plots say what they show: the step axis names SGD or GD steps, a regression's loss plot is titled
// "Loss", the key of the rank plot's layers names each one's largest possible rank, the update noise stays on
// its axis when it falls by many decades, a log time axis starts after step 0, marker labels never overlap or
// leave the plot, and the panel grid leaves no empty cell.
#include "marker_labels.h"
#include "measures/network_analysis.h"
#include "panel_grid.h"
#include "plots/loss_accuracy_plot.h"
#include "plots/noise_plot.h"
#include "plots/rank_plot.h"

#include <QtTest>
#include <cmath>

using namespace rankscope;

namespace {

struct Run {
    RunHistory history;
    Snapshot latest;
};

// 200 snapshots of a [128, 64] layer and a classifier; the update noise falls by `noiseDecades`.
Run makeRun(bool fullBatch, bool regression, double noiseDecades = 1) {
    Run run;
    for (int k = 0; k <= 200; ++k) {
        Snapshot s;
        s.step = k * 50;
        s.epoch = s.step / 512.0;
        s.train.full_batch = fullBatch;
        s.metrics = {1.0, regression ? kNotMeasured : 0.9, 1.1, regression ? kNotMeasured : 0.85};
        for (const auto& [out, in] : {std::pair{128, 64}, std::pair{10, 128}}) {
            s.weights.push_back(Eigen::MatrixXf::Zero(out, in));
            LayerAnalysis layer;
            layer.singularValues = Eigen::VectorXd::LinSpaced(std::min(out, in), 2, 1);
            layer.rank = std::min(out, in);
            layer.effectiveRank = layer.stableRank = layer.rank;
            layer.updateNoiseEma = 1e-2 * std::pow(10.0, -noiseDecades * k / 200.0);
            s.analysis.layers.push_back(layer);
        }
        updateHiddenMeans(s.analysis);
        run.history.append(s);
        run.latest = s;
    }
    return run;
}

} // namespace

class TestHonestPlots : public QObject {
    Q_OBJECT
private slots:
    void theStepAxisNamesTheOptimizer() {
        RankPlot plot;
        const Run sgd = makeRun(false, false);
        plot.showRun(sgd.history, sgd.latest);
        QCOMPARE(plot.xAxis->label(), QString("SGD step"));
        const Run gd = makeRun(true, false);
        plot.showRun(gd.history, gd.latest);
        QCOMPARE(plot.xAxis->label(), QString("GD step (full batch)"));
    }

    void regressionIsLossWithoutAccuracy() {
        LossAccuracyPlot plot;
        const Run regression = makeRun(false, true);
        plot.showRun(regression.history, regression.latest);
        QCOMPARE(plot.title(), QString("Loss"));
        const Run classes = makeRun(false, false);
        plot.showRun(classes.history, classes.latest);
        QCOMPARE(plot.title(), QString("Loss and accuracy"));
    }

    void eachLayerNamesItsLargestRank() {
        RankPlot plot; // its layers are keyed by the dashboard's layer legend
        const Run run = makeRun(false, false);
        plot.showRuns(singleRunView(run.history, run.latest));
        QStringList names;
        for (const LayerKeyEntry& entry : plot.layerKey())
            names << entry.text;
        QVERIFY2(names.contains("L1 (64→128), max rank 64"), qPrintable(names.join(" | ")));
        QVERIFY2(names.contains("L2 (128→10), max rank 10"), qPrintable(names.join(" | ")));
    }

    void updateNoiseStaysOnItsAxis() {
        NoisePlot plot;
        const Run run = makeRun(false, false, 9); // 1e-2 down to 1e-11, as after wd → 0
        plot.showRun(run.history, run.latest);
        QVERIFY2(plot.yAxis->range().lower <= 1e-11, qPrintable(QString::number(plot.yAxis->range().lower)));
    }

    void logTimeStartsAfterStepZero() {
        RankPlot plot;
        plot.setLogTime(true);
        const Run run = makeRun(false, false);
        plot.showRun(run.history, run.latest);
        QCOMPARE(plot.xAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.xAxis->range().lower > 0 && plot.xAxis->range().lower <= 50);
        QCOMPARE(plot.xAxis->range().upper, 10000.0);
        plot.setLogTime(false);
        plot.showRun(run.history, run.latest);
        QCOMPARE(plot.xAxis->range().lower, 0.0);
    }

    void markerLabelsNeitherOverlapNorLeaveThePlot() {
        std::vector<MarkerLabel> labels = {{.x = 100, .text = "wd 0.01→0"},
                                           {.x = 110, .text = "lr 0.1→0.05"},
                                           {.x = 990, .text = "B 8→128"}};
        const QFontMetrics metrics(QFont("DejaVu Sans", 10));
        const int rows = stackMarkerLabels(
            labels, metrics, [](double x) { return x; }, 50, 1000);
        QCOMPARE(rows, 2);
        QVERIFY(labels[0].row != labels[1].row);
        QVERIFY(labels[2].leftOfLine); // it would run past the right edge
        QCOMPARE(labels[2].row, 0);
    }

    // QCustomPlot leaves out a tick label that would stick out of the plot: a plot without a right
    // axis still shows the label of the last step, at the right end of its time axis.
    void theLastStepsTickLabelFitsThePlot() {
        RankPlot rank;
        LossAccuracyPlot regression;
        const Run run = makeRun(false, false);
        const Run regressionRun = makeRun(false, true);
        rank.showRun(run.history, run.latest);
        regression.showRun(regressionRun.history, regressionRun.latest);
        for (LivePlot* plot : QList<LivePlot*>{&rank, &regression}) {
            plot->layoutFor(QSize(600, 400));
            QVERIFY(!plot->yAxis2->visible());
            const QVector<double> ticks = plot->xAxis->tickVector();
            QVERIFY(!ticks.isEmpty());
            QCOMPARE(ticks.last(), 10000.0); // the run's last step ends the axis
            const QFontMetricsF metrics(plot->xAxis->tickLabelFont());
            const double labelRight = plot->xAxis->coordToPixel(ticks.last()) +
                                      metrics.horizontalAdvance(plot->xAxis->tickVectorLabels().last()) / 2;
            QVERIFY2(labelRight <= plot->viewport().right(),
                     qPrintable(QString("%1: the label ends at %2, the plot at %3")
                                    .arg(plot->title())
                                    .arg(labelRight)
                                    .arg(plot->viewport().right())));
        }
    }

    void theLargePanelTakesTheTopRowAndNoCellIsEmpty() {
        const QList<PanelPlacement> places = placePanels({0, 1, 2, 3, 4}, 2, 2);
        QCOMPARE(places[2].row, 0);
        QCOMPARE(places[2].columnSpan, 2);
        QCOMPARE(places[2].rowStretch, 2);
        QCOMPARE(places[0].row, 1);
        QCOMPARE(places[1].row, 1);
        QCOMPARE(places[1].column, 1);
        QCOMPARE(places[4].row, 2);
        QCOMPARE(places[4].columnSpan, 1);
        QCOMPARE(placePanels({0, 1, 3}, -1, 2)[2].columnSpan, 2); // alone in its row
    }
};

QTEST_MAIN(TestHonestPlots)
#include "test_honest_plots.moc"
