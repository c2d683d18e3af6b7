// Tests for ui/plots: the six live plots fed a synthetic run (3 layers whose singular values decay
// over time, hyper-parameter changes, sparse gradient-noise measurements). Checks that every plot
// receives data, that its toggles work, that change markers appear and the time axis switches, and
// that each renders at 800x500. With RANKSCOPE_REVIEW_DIR set, it also writes one PNG per plot and
// theme there, for a human to look at.
#include "plots/loss_accuracy_plot.h"
#include "plots/noise_plot.h"
#include "plots/null_space_plot.h"
#include "plots/rank_plot.h"
#include "plots/spectrum_heatmap_plot.h"
#include "plots/spectrum_plot.h"

#include <QDir>
#include <QtTest>

#include <cmath>

using namespace rankscope;

namespace {

constexpr int kSnapshots = 300;
constexpr int kStepsPerSnapshot = 50;
constexpr int kTrainSize = 4096;
constexpr int kBatch = 8;
const int kShapes[3][2] = {{32, 16}, {32, 32}, {10, 32}}; // [out, in]

struct Options {
    bool nullSpace = true;
    bool regression = false;
    bool collapse = false; // layer 2 collapses at the end
};

Snapshot makeSnapshot(int k, const Options& options) {
    Snapshot s;
    s.step = static_cast<std::int64_t>(k) * kStepsPerSnapshot;
    s.epoch = static_cast<double>(s.step) * kBatch / kTrainSize;
    const double progress = static_cast<double>(k) / kSnapshots;
    s.train.lr = s.step >= 6000 ? 0.05 : 0.1;
    s.batchSize = s.step >= 10000 ? 32 : kBatch;
    if (s.step >= 6000)
        s.events.push_back({6000, "lr", 0.1, 0.05});
    if (s.step >= 10000)
        s.events.push_back({10000, "batch_size", 8, 32});
    const double decay = std::exp(-3 * progress);
    s.metrics = {2.3 * decay + 0.05, options.regression ? kNotMeasured : 1 - 0.85 * decay, 2.3 * decay + 0.12,
                 options.regression ? kNotMeasured : 0.95 - 0.85 * decay};
    NetworkAnalysis& a = s.analysis;
    double rankSum = 0, effectiveSum = 0, stableSum = 0, noiseSum = 0;
    for (int l = 0; l < 3; ++l) {
        const int out = kShapes[l][0], in = kShapes[l][1], n = std::min(out, in);
        s.weights.push_back(Eigen::MatrixXf::Zero(out, in));
        LayerAnalysis layer;
        const double c = 0.02 + (0.3 + 0.3 * l) * progress; // faster decay in deeper layers
        layer.singularValues.resize(n);
        for (int i = 0; i < n; ++i)
            layer.singularValues(i) = 2.0 * std::exp(-0.5 * progress) * std::exp(-c * i);
        layer.collapsed = options.collapse && l == 1 && k == kSnapshots - 1;
        if (layer.collapsed)
            layer.singularValues *= 1e-9;
        const Eigen::VectorXd& sv = layer.singularValues;
        const Eigen::ArrayXd p = sv.array() / sv.sum();
        layer.rank = layer.collapsed ? 0 : static_cast<int>((sv.array() / sv(0) > 1e-3).count());
        layer.effectiveRank = layer.collapsed ? 0 : std::exp(-(p * p.log()).sum());
        layer.stableRank = layer.collapsed ? 0 : sv.squaredNorm() / (sv(0) * sv(0));
        layer.updateNoiseEma = 1e-3 * (1 + l) * (1 + 0.3 * std::sin(0.1 * k)) * decay;
        if (l < 2) {
            rankSum += layer.rank;
            effectiveSum += layer.effectiveRank;
            stableSum += layer.stableRank;
            noiseSum += layer.updateNoiseEma;
        }
        a.collapsed = a.collapsed || (layer.collapsed && l < 2);
        a.layers.push_back(layer);
    }
    a.meanRank = rankSum / 2;
    a.meanEffectiveRank = effectiveSum / 2;
    a.meanStableRank = stableSum / 2;
    a.meanUpdateNoiseEma = noiseSum / 2;
    a.meanUpdateNoise = a.meanUpdateNoiseEma * 1.5;
    // Gradient noise: measured every 1000 steps from step 500, held in between (as the trainer does).
    a.gradientNoise = s.step < 500 ? kNotMeasured : 2.0 + std::sin(static_cast<double>((s.step - 500) / 1000));
    a.rankBound = s.batchSize * std::log(2.0 / 1e-3) / (s.train.lr * s.train.weight_decay);
    a.nullSpaceNorm = options.nullSpace ? 3.0 * std::exp(-2e-4 * s.step) : kNotMeasured;
    a.nullSpaceTheory = options.nullSpace ? 3.0 * std::pow(1 - 0.1 * 0.005, s.step) : kNotMeasured;
    return s;
}

struct Run {
    RunHistory history;
    Snapshot latest;
};

Run makeRun(const Options& options = {}) {
    Run run;
    for (int k = 0; k < kSnapshots; ++k) {
        run.latest = makeSnapshot(k, options);
        run.history.append(run.latest);
    }
    return run;
}

// Lays the plot out at the given size and draws it now.
void render(LivePlot& plot, QSize size = QSize(800, 500)) {
    plot.resize(size);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.replot(QCustomPlot::rpImmediateRefresh);
}

// The fraction of pixels that differ from the background: axes, text and curves.
double drawnFraction(const QImage& image, const QColor& background) {
    qint64 drawn = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            drawn += image.pixelColor(x, y) != background;
    return static_cast<double>(drawn) / (static_cast<qint64>(image.width()) * image.height());
}

int markerLabelCount(const QCustomPlot& plot, const QString& prefix) {
    int count = 0;
    for (int i = 0; i < plot.itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot.item(i)); text && text->text().startsWith(prefix))
            ++count;
    return count;
}

} // namespace

class TestPlots : public QObject {
    Q_OBJECT
private slots:
    void spectrumPlotShowsEveryLayerAndGhost();
    void spectrumPlotNamesCollapsedLayer();
    void heatmapFillsBoundedGrid();
    void rankPlotMeasuresBoundAndCollapse();
    void noisePlotMarksGradientMeasurementsOnly();
    void lossPlotHidesAccuracyForRegression();
    void nullSpacePlotShowsMessageWithoutNullSpace();
    void timePlotsHaveMarkersAndSwitchAxis();
    void everyPlotRendersInBothThemes();
    void failureStatesRenderAtDashboardSize();
};

void TestPlots::spectrumPlotShowsEveryLayerAndGhost() {
    const Run run = makeRun();
    SpectrumPlot plot;
    plot.showRun(run.history, run.latest);
    QCOMPARE(plot.graphCount(), 1 + 3 * 3); // ghost key + (ghost, threshold, current) per layer
    int withSixteen = 0, legendNames = 0;
    for (int i = 0; i < plot.graphCount(); ++i) {
        withSixteen += plot.graph(i)->data()->size() == 16;
        legendNames += plot.graph(i)->name() == "L1 (16→32)";
    }
    QCOMPARE(withSixteen, 2); // L1 now and at step 0
    QCOMPARE(legendNames, 1);
    QVERIFY(plot.yAxis->label().contains("sᵢ / s₁"));
    QVERIFY(plot.yAxis->range().contains(1e-3)); // the eps line is in view
    QVERIFY(plot.yAxis->range().upper < 10);

    plot.setNormalized(false);
    plot.showRun(run.history, run.latest);
    QVERIFY(!plot.yAxis->label().contains("/"));
    int thresholds = 0;
    for (int i = 0; i < plot.graphCount(); ++i)
        thresholds += plot.graph(i)->visible() && plot.graph(i)->data()->size() == 2;
    QCOMPARE(thresholds, 3);
    QVERIFY(!plot.toolTip().isEmpty());
}

void TestPlots::spectrumPlotNamesCollapsedLayer() {
    const Run run = makeRun({.collapse = true});
    SpectrumPlot plot;
    plot.showRun(run.history, run.latest);
    bool named = false;
    for (int i = 0; i < plot.graphCount(); ++i)
        named = named || plot.graph(i)->name() == "L2 (32→32): collapsed";
    QVERIFY(named);
}

void TestPlots::heatmapFillsBoundedGrid() {
    const Run run = makeRun();
    SpectrumHeatmapPlot plot;
    plot.showRun(run.history, run.latest); // default layer L2: 32 singular values
    QCPColorMapData* data = plot.colorMap()->data();
    QVERIFY(data->keySize() >= 2 && data->keySize() <= 400);
    QCOMPARE(data->valueSize(), 32);
    QCOMPARE(data->keyRange().upper, static_cast<double>(run.latest.step));
    QVERIFY(plot.yAxis->label().startsWith("L2 (32→32)"));
    QCOMPARE(data->cell(0, 0), 0.0);                          // s_1 / s_1 at step 0
    QVERIFY(data->cell(data->keySize() - 1, 31) < -3);        // late, small values sit below eps
    QVERIFY(plot.colorMap()->colorScale()->axis()->label().contains("log₁₀(sᵢ / s₁)"));

    plot.setLayer(2);
    plot.showRun(run.history, run.latest);
    QCOMPARE(data->valueSize(), 10);
    plot.setLayer(7); // clamped to the classifier
    plot.showRun(run.history, run.latest);
    QCOMPARE(data->valueSize(), 10);

    plot.setTimeAxis(TimeAxis::Epochs);
    plot.showRun(run.history, run.latest);
    QCOMPARE(data->keyRange().upper, run.latest.epoch);
}

void TestPlots::rankPlotMeasuresBoundAndCollapse() {
    const Run run = makeRun();
    RankPlot plot;
    plot.showRun(run.history, run.latest);
    QCOMPARE(plot.graphCount(), 2 + 3); // bound, mean, layers
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.graph(i)->visible())
            QCOMPARE(plot.graph(i)->data()->size(), kSnapshots);
    QCOMPARE(plot.yAxis->range().lower, 0.0);
    QVERIFY(plot.yAxis->label().startsWith("rank_ε"));
    QVERIFY(plot.yAxis->label().contains("ε = 0.001"));

    plot.setMeasure(RankMeasure::Stable);
    plot.showRun(run.history, run.latest);
    QVERIFY(plot.yAxis->label().startsWith("stable rank"));
    QVERIFY(plot.toolTip().contains("even without weight decay"));
    plot.setMeasure(RankMeasure::Effective);
    QVERIFY(plot.yAxis->label().startsWith("effective rank"));

    plot.setMeasure(RankMeasure::RankEps);
    plot.setShowBound(true);
    plot.showRun(run.history, run.latest);
    QCPGraph* bound = nullptr;
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.graph(i)->name().startsWith("Thm 3.3 bound (loose)"))
            bound = plot.graph(i);
    QVERIFY(bound);
    QCOMPARE(bound->data()->size(), kSnapshots);
    QVERIFY(plot.yAxis->range().upper < 100); // the bound (> 10^5) does not flatten the ranks
    QVERIFY(bound->name().endsWith("off the chart"));

    const Run collapsed = makeRun({.collapse = true});
    plot.showRun(collapsed.history, collapsed.latest);
    QCOMPARE(markerLabelCount(plot, "collapsed: weight decay shrank L2 to nothing"), 1);
}

void TestPlots::noisePlotMarksGradientMeasurementsOnly() {
    const Run run = makeRun();
    NoisePlot plot;
    plot.showRun(run.history, run.latest);
    QCOMPARE(plot.graphCount(), 2 + 3);
    QCPGraph* gradient = nullptr;
    for (int i = 0; i < plot.graphCount(); ++i) {
        QVERIFY(plot.graph(i)->data()->size() > 0);
        if (plot.graph(i)->valueAxis() == plot.yAxis2)
            gradient = plot.graph(i);
    }
    QVERIFY(gradient);
    QCOMPARE(gradient->data()->size(), 15); // steps 500, 1500, ..., 14500
    QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(plot.yAxis->label().contains("(EMA)"));
}

void TestPlots::lossPlotHidesAccuracyForRegression() {
    LossAccuracyPlot plot;
    const Run classes = makeRun();
    plot.showRun(classes.history, classes.latest);
    QCOMPARE(plot.graphCount(), 4);
    for (int i = 0; i < plot.graphCount(); ++i)
        QVERIFY(plot.graph(i)->data()->size() > 0);
    QVERIFY(plot.yAxis2->visible());
    QCOMPARE(plot.legend->itemCount(), 4);
    QCOMPARE(markerLabelCount(plot, "chance 0.1"), 1);

    plot.clearRun();
    const Run regression = makeRun({.regression = true});
    plot.showRun(regression.history, regression.latest);
    QVERIFY(!plot.yAxis2->visible());
    QCOMPARE(plot.legend->itemCount(), 2);
    QCOMPARE(plot.graph(2)->data()->size(), 0);
}

void TestPlots::nullSpacePlotShowsMessageWithoutNullSpace() {
    NullSpacePlot plot;
    const Run janus = makeRun();
    plot.showRun(janus.history, janus.latest);
    QVERIFY(!plot.showsNoNullSpaceMessage());
    QCOMPARE(plot.graph(0)->data()->size(), kSnapshots);
    QCOMPARE(plot.graph(1)->data()->size(), kSnapshots);

    plot.clearRun();
    const Run full = makeRun({.nullSpace = false});
    plot.showRun(full.history, full.latest);
    QVERIFY(plot.showsNoNullSpaceMessage());
    QCOMPARE(markerLabelCount(plot, "inputs span all of R^d: no null space"), 1);
}

void TestPlots::timePlotsHaveMarkersAndSwitchAxis() {
    const Run run = makeRun();
    RankPlot rank;
    NoisePlot noise;
    LossAccuracyPlot loss;
    NullSpacePlot nullSpace;
    SpectrumHeatmapPlot heatmap;
    for (TimePlot* plot : std::initializer_list<TimePlot*>{&rank, &noise, &loss, &nullSpace, &heatmap}) {
        plot->showRun(run.history, run.latest);
        QCOMPARE(markerLabelCount(*plot, "lr 0.1→0.05"), 1);
        QCOMPARE(markerLabelCount(*plot, "B 8→32"), 1);
        QCOMPARE(plot->xAxis->range().upper, static_cast<double>(run.latest.step));
        plot->setTimeAxis(TimeAxis::Epochs);
        plot->showRun(run.history, run.latest);
        QCOMPARE(plot->xAxis->range().upper, run.latest.epoch);
        QVERIFY(plot->xAxis->label().contains("epoch"));
    }
    QCOMPARE((rank.graph(2)->data()->constEnd() - 1)->key, run.latest.epoch);
}

void TestPlots::everyPlotRendersInBothThemes() {
    const Run run = makeRun();
    SpectrumPlot spectrum;
    SpectrumHeatmapPlot heatmap;
    RankPlot rank;
    rank.setShowBound(true);
    NoisePlot noise;
    LossAccuracyPlot loss;
    NullSpacePlot nullSpace;
    const QList<QPair<QString, LivePlot*>> plots = {{"spectrum", &spectrum}, {"spectrum_heatmap", &heatmap},
                                                    {"rank", &rank},         {"noise", &noise},
                                                    {"loss_accuracy", &loss}, {"null_space", &nullSpace}};
    const QString reviewDir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR");
    if (!reviewDir.isEmpty())
        QDir().mkpath(reviewDir);
    for (const Theme& theme : {Theme::light(), Theme::talk()}) {
        for (const auto& [name, plot] : plots) {
            plot->applyTheme(theme);
            plot->showRun(run.history, run.latest);
            render(*plot);
            const QPixmap pixmap = plot->grab();
            QCOMPARE(pixmap.size(), QSize(800, 500));
            if (!reviewDir.isEmpty())
                QVERIFY(pixmap.save(QString("%1/%2-%3.png").arg(reviewDir, name, theme.name)));
            QVERIFY2(drawnFraction(pixmap.toImage(), theme.background) > 0.02, qPrintable(name));
        }
    }
}

void TestPlots::failureStatesRenderAtDashboardSize() {
    // One pane of the 3x2 dashboard at 1600x1000, in the talk theme: the tightest case for labels.
    const QSize pane(560, 330);
    const Run collapsed = makeRun({.collapse = true});
    const Run regression = makeRun({.nullSpace = false, .regression = true});
    RankPlot rank;
    rank.setShowBound(true);
    LossAccuracyPlot loss;
    NullSpacePlot nullSpace;
    SpectrumPlot spectrum;
    spectrum.setNormalized(false);
    const QList<QPair<QString, LivePlot*>> plots = {
        {"rank-collapsed", &rank}, {"loss-regression", &loss}, {"null_space-none", &nullSpace},
        {"spectrum-unnormalized-collapsed", &spectrum}};
    const QString reviewDir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR");
    for (const auto& [name, plot] : plots) {
        plot->applyTheme(Theme::talk());
        const Run& run = name.startsWith("loss") || name.startsWith("null") ? regression : collapsed;
        plot->showRun(run.history, run.latest);
        render(*plot, pane);
        const QPixmap pixmap = plot->grab();
        if (!reviewDir.isEmpty())
            QVERIFY(pixmap.save(QString("%1/%2-talk-small.png").arg(reviewDir, name)));
        QVERIFY2(drawnFraction(pixmap.toImage(), Theme::talk().background) > 0.02, qPrintable(name));
    }
}

QTEST_MAIN(TestPlots)
#include "test_plots.moc"
