// Tests for ui/plots: the six live plots fed a synthetic run (3 layers whose singular values decay
// over time, hyper-parameter changes, sparse gradient-noise measurements). Checks that every plot
// receives data, that its toggles work (the noise plot's update and gradient noise, each alone on one
// log axis), that change markers appear and the time axis switches, and
// that each renders at 800x500 in both themes, and the failure states at dashboard-pane size. With
// RANKSCOPE_REVIEW_DIR set, every render is also saved there as PNG, for a human to look at.
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

constexpr int kSnapshots = 300;                           // one every 50 steps, B = 8, N = 4096
const int kShapes[3][2] = {{32, 16}, {32, 32}, {10, 32}}; // [out, in]; L3 is the classifier

struct Options {
    bool nullSpace = true, regression = false, collapse = false; // collapse: L2, in the last snapshot
    bool fullBatch = false;                                      // GD: no gradient noise
    bool gradientNoiseOff = false;                               // SGD whose gradient noise is never measured
};

Snapshot makeSnapshot(int k, const Options& options) {
    Snapshot s;
    s.step = static_cast<std::int64_t>(k) * 50;
    s.epoch = static_cast<double>(s.step) * 8 / 4096;
    const double progress = static_cast<double>(k) / kSnapshots;
    s.train.lr = s.step >= 6000 ? 0.05 : 0.1;
    s.train.full_batch = options.fullBatch;
    s.batchSize = s.step >= 10000 ? 32 : 8;
    s.gradientNoisePeriod = options.fullBatch || options.gradientNoiseOff ? 0 : 1000;
    for (const ChangeEvent& event :
         {ChangeEvent{6000, "lr", 0.1, 0.05}, ChangeEvent{10000, "batch_size", 8, 32}})
        if (s.step >= event.step)
            s.events.push_back(event);
    const double decay = std::exp(-3 * progress);
    s.metrics = {2.3 * decay + 0.05, options.regression ? kNotMeasured : 1 - 0.85 * decay, 2.3 * decay + 0.12,
                 options.regression ? kNotMeasured : 0.95 - 0.85 * decay};
    NetworkAnalysis& a = s.analysis;
    for (int l = 0; l < 3; ++l) {
        const int out = kShapes[l][0], in = kShapes[l][1], n = std::min(out, in);
        s.weights.push_back(Eigen::MatrixXf::Zero(out, in));
        LayerAnalysis layer;
        const double c = 0.02 + (0.3 + 0.3 * l) * progress; // faster decay in deeper layers
        layer.singularValues.resize(n);
        for (int i = 0; i < n; ++i)
            layer.singularValues(i) = 2.0 * std::exp(-0.5 * progress) * std::exp(-c * i);
        layer.collapsed = options.collapse && l == 1 && k == kSnapshots - 1;
        const Eigen::VectorXd& sv = layer.singularValues *= layer.collapsed ? 1e-9 : 1.0;
        layer.rank = layer.collapsed ? 0 : static_cast<int>((sv.array() / sv(0) > 1e-3).count());
        // A scalar loop: GCC 12 warns falsely (-Wuninitialized) inside Eigen's AVX-512 log kernel.
        const double total = sv.sum();
        double entropy = 0;
        for (const double s_i : sv)
            entropy -= s_i / total * std::log(s_i / total);
        layer.effectiveRank = layer.collapsed ? 0 : std::exp(entropy);
        layer.stableRank = layer.collapsed ? 0 : sv.squaredNorm() / (sv(0) * sv(0));
        layer.updateNoiseEma = 1e-3 * (1 + l) * (1 + 0.3 * std::sin(0.1 * k)) * decay;
        a.collapsed = a.collapsed || layer.collapsed;
        a.layers.push_back(layer);
    }
    updateHiddenMeans(a); // L1 and L2; L3 is the classifier
    // Gradient noise: measured every 1000 steps from step 500, held in between (as the trainer does).
    a.gradientNoise = s.step < 500 || s.gradientNoisePeriod == 0
                          ? kNotMeasured
                          : 2.0 + std::sin(static_cast<double>((s.step - 500) / 1000));
    a.rankBound = s.batchSize * std::log(2.0 / 1e-3) / (s.train.lr * s.train.weight_decay);
    a.nullSpaceNorm = options.nullSpace ? 3.0 * std::exp(-2e-4 * s.step) : kNotMeasured;
    a.nullSpaceTheory = options.nullSpace ? 3.0 * std::pow(1 - 0.1 * 0.005, s.step) : kNotMeasured;
    return s;
}

struct Run { // a synthetic run as the dashboard sees it: its history and newest snapshot
    RunHistory history;
    Snapshot latest;
};

// `snapshots` of them: 1 is a single checkpoint (--open of one file).
Run makeRun(const Options& options = {}, int snapshots = kSnapshots) {
    Run run;
    for (int k = 0; k < snapshots; ++k) {
        run.latest = makeSnapshot(k, options);
        run.history.append(run.latest);
    }
    return run;
}

// Shows a run in a theme, lays the plot out at `size`, draws it, checks that axes, text and curves
// cover some of the picture, and saves it as REVIEW_DIR/<name>.png when RANKSCOPE_REVIEW_DIR is set.
void renderAndCheck(LivePlot& plot, const Run& run, const Theme& theme, QSize size, const QString& name) {
    plot.applyTheme(theme);
    plot.showRun(run.history, run.latest);
    plot.resize(size);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.replot(QCustomPlot::rpImmediateRefresh);
    const QPixmap pixmap = plot.grab();
    QCOMPARE(pixmap.size(), size);
    const QImage image = pixmap.toImage();
    qint64 drawn = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            drawn += image.pixelColor(x, y) != theme.background;
    QVERIFY2(drawn > image.width() * image.height() / 50, qPrintable(name));
    QVERIFY(!plot.toolTip().isEmpty());
    if (const QString dir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR"); !dir.isEmpty())
        QVERIFY(QDir().mkpath(dir) && pixmap.save(QString("%1/%2.png").arg(dir, name)));
}

// Text items (change markers, notes, messages) whose text starts with `prefix`.
int textItemCount(const QCustomPlot& plot, const QString& prefix) {
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
    void spectrumPlotShowsEveryLayerAndGhost() {
        const Run run = makeRun();
        SpectrumPlot plot;
        plot.showRun(run.history, run.latest);
        QCOMPARE(plot.graphCount(), 5 + 3 * 3); // 2 legend keys, 3 for the operator view, 3 per layer
        // Graphs: the 2 keys, the operator view's 3, then per layer the ghosts (step 0), the thresholds, the
        // current spectra.
        QVERIFY(plot.graph(5)->data()->size() == 16 && plot.graph(11)->data()->size() == 16); // L1
        QCOMPARE(plot.graph(11)->name(), QString("L1 (16→32)"));
        QVERIFY(plot.yAxis->label().contains("sᵢ / s₁"));
        QVERIFY(plot.yAxis->range().contains(1e-3) && plot.yAxis->range().upper < 10); // eps line in view

        plot.setNormalized(false);
        plot.showRun(run.history, run.latest);
        QVERIFY(!plot.yAxis->label().contains("/"));
        int thresholds = 0;
        for (int i = 0; i < plot.graphCount(); ++i)
            thresholds += plot.graph(i)->visible() && plot.graph(i)->data()->size() == 2;
        QCOMPARE(thresholds, 3);

        const Run collapsed = makeRun({.collapse = true});
        plot.showRun(collapsed.history, collapsed.latest);
        QCOMPARE(plot.graph(12)->name(), QString("L2 (32→32)")); // the layer legend says it collapsed
        QCOMPARE(plot.graph(12)->pen().style(), Qt::DashLine);
    }

    // A CNN's conv layer as an operator: the chosen layer's operator spectrum alone over its step-0
    // ghost, named with its rank_eps; a layer without one says why; switched off, every weight matrix.
    void operatorViewShowsTheChosenConvLayer() {
        Snapshot first = makeSnapshot(0, {});
        first.analysis.layers[0].operatorSingularValues = Eigen::VectorXd::LinSpaced(16 * 49, 2.0, 0.5);
        Run run{RunHistory(), makeSnapshot(kSnapshots - 1, {})};
        run.history.append(first);
        run.latest.layerNames = {"C1 16→32 3×3", "C2 32→32 3×3", "D3 32→10"};
        LayerAnalysis& conv = run.latest.analysis.layers[0];
        conv.operatorSingularValues = Eigen::VectorXd::LinSpaced(16 * 49, 2.0, 1e-4);
        conv.operatorRank = 700;
        run.history.append(run.latest);
        SpectrumPlot plot;
        plot.setComparisonLayer(0);
        plot.setOperatorView(true);
        plot.showRun(run.history, run.latest);
        QCPGraph *ghost = plot.graph(2), *threshold = plot.graph(3), *shown = plot.graph(4);
        QVERIFY(shown->visible() && ghost->visible());
        QCOMPARE(shown->data()->size(), 16 * 49);
        QCOMPARE(ghost->data()->size(), 16 * 49);
        QCOMPARE(ghost->data()->at(16 * 49 - 1)->value, 0.25); // s_n / s_1 at step 0
        QVERIFY2(shown->name().startsWith("C1 16→32 3×3 as an operator") &&
                     shown->name().contains("700 of 784"),
                 qPrintable(shown->name()));
        for (int g = 5; g < plot.graphCount(); ++g)
            QVERIFY(!plot.graph(g)->visible());
        QVERIFY(!threshold->visible()); // normalised: the eps line instead
        QVERIFY(plot.xAxis->range().upper > 784 &&
                plot.xAxis->label().startsWith("C1 16→32 3×3 as an operator"));
        renderAndCheck(plot, run, Theme::light(), QSize(640, 420), "spectrum-operator");

        plot.setNormalized(false); // the operator's own threshold eps s_1, no layer's
        plot.showRun(run.history, run.latest);
        QVERIFY(threshold->visible() && threshold->data()->size() == 2);
        QCOMPARE(threshold->data()->at(0)->value, 1e-3 * 2.0);
        for (int g = 5; g < plot.graphCount(); ++g)
            QVERIFY(!plot.graph(g)->visible());
        QVERIFY(plot.xAxis->label().startsWith("C1 16→32 3×3 as an operator"));
        plot.setNormalized(true);

        // A past step of the history (the scrubber) has no operator spectrum: only the newest keeps it.
        Snapshot past = run.latest;
        past.analysis.layers[0].operatorSingularValues.resize(0);
        plot.showRun(run.history, past);
        QVERIFY2(shown->name().contains("newest step only"), qPrintable(shown->name()));

        // Comparing runs, the plot shows one layer's reshaped spectra per run, not the operator view.
        plot.showRuns(
            {RunView{&run.history, &run.latest, "a", 0}, RunView{&run.history, &run.latest, "b", 1}});
        QVERIFY(!shown->visible() && !ghost->visible() && !threshold->visible());
        QVERIFY(!plot.legend->hasItemWithPlottable(shown));
        plot.showRuns({RunView{&run.history, &run.latest, "a", 0}});
        QVERIFY(shown->visible() && plot.legend->hasItemWithPlottable(shown));

        plot.setComparisonLayer(2);
        plot.showRun(run.history, run.latest);
        QVERIFY2(shown->name().contains("no operator spectrum"), qPrintable(shown->name()));
        QCOMPARE(shown->data()->size(), 0);

        plot.setOperatorView(false);
        plot.showRun(run.history, run.latest);
        QVERIFY(!shown->visible() && !ghost->visible() && plot.graph(11)->visible());
    }

    void heatmapFillsBoundedGrid() {
        const Run run = makeRun();
        SpectrumHeatmapPlot plot;
        plot.showRun(run.history, run.latest); // default layer L2: 32 singular values
        QCPColorMapData* data = plot.colorMap()->data();
        QVERIFY(data->keySize() >= 2 && data->keySize() <= 400);
        QCOMPARE(data->valueSize(), 32);
        QCOMPARE(data->keyRange().upper, static_cast<double>(run.latest.step));
        QVERIFY(plot.yAxis->label().startsWith("L2 (32→32)"));
        QCOMPARE(data->cell(0, 0), 0.0);                   // log10(s_1 / s_1) at step 0
        QVERIFY(data->cell(data->keySize() - 1, 31) < -3); // late, small values sit below eps
        QVERIFY(plot.colorMap()->colorScale()->axis()->label().contains("log₁₀(sᵢ / s₁)"));

        plot.setLayer(7); // clamped to the classifier, L3
        plot.showRun(run.history, run.latest);
        QCOMPARE(data->valueSize(), 10);

        plot.setTimeAxis(TimeAxis::Epochs);
        plot.showRun(run.history, run.latest);
        QCOMPARE(data->keyRange().upper, run.latest.epoch);
    }

    void heatmapOfOneCheckpointFillsTheTimeAxis() {
        // A single spectrum has no time extent; a column as wide as its times differ would not show.
        const Run single = makeRun({}, 1);
        SpectrumHeatmapPlot plot;
        plot.showRun(single.history, single.latest);
        const QCPRange keys = plot.colorMap()->data()->keyRange();
        QCOMPARE(keys.lower, plot.xAxis->range().lower);
        QCOMPARE(keys.upper, plot.xAxis->range().upper);
    }

    void rankPlotMeasuresBoundAndCollapse() {
        const Run run = makeRun();
        RankPlot plot;
        plot.showRun(run.history, run.latest);
        QCOMPARE(plot.graphCount(), 2 + 3); // bound, mean, layers
        for (int i = 0; i < plot.graphCount(); ++i)
            if (plot.graph(i)->visible())
                QCOMPARE(plot.graph(i)->data()->size(), kSnapshots);
        QCOMPARE(plot.yAxis->range().lower, 0.0);
        QVERIFY(plot.yAxis->label().startsWith("rank_ε") && plot.yAxis->label().endsWith("ε = 0.001"));

        plot.setMeasure(RankMeasure::Stable);
        plot.showRun(run.history, run.latest);
        QVERIFY(plot.yAxis->label().startsWith("stable rank"));
        QVERIFY(plot.toolTip().contains("even without weight decay"));
        plot.setMeasure(RankMeasure::Effective);
        QVERIFY(plot.yAxis->label().startsWith("effective rank"));

        plot.setMeasure(RankMeasure::RankEps);
        plot.setShowBound(true);
        plot.showRun(run.history, run.latest);
        const QCPGraph* bound = plot.graph(0);
        QCOMPARE(bound->data()->size(), kSnapshots);
        QVERIFY(plot.yAxis->range().upper < 100); // the bound (~10^6) does not flatten the ranks
        QCOMPARE(bound->name(), QString("Thm 3.3 bound (loose): 970,000 ↑")); // above the visible range

        const Run collapsed = makeRun({.collapse = true});
        plot.showRun(collapsed.history, collapsed.latest);
        QCOMPARE(textItemCount(plot, "collapsed: weight decay\nshrank L2 to nothing"), 1);
    }

    void aLonePointIsDrawnAsADot() {
        // One checkpoint: a line needs two points, so each rank is a dot until the history grows.
        const Run single = makeRun({}, 1);
        RankPlot plot;
        plot.showRun(single.history, single.latest);
        int dots = 0;
        for (int i = 0; i < plot.graphCount(); ++i)
            if (plot.graph(i)->visible() && plot.graph(i)->data()->size() == 1) {
                QVERIFY(plot.graph(i)->scatterStyle().shape() != QCPScatterStyle::ssNone);
                ++dots;
            }
        QCOMPARE(dots, 1 + 3); // mean, layers
        const Run run = makeRun();
        plot.showRun(run.history, run.latest);
        for (int i = 0; i < plot.graphCount(); ++i)
            QCOMPARE(plot.graph(i)->scatterStyle().shape(), QCPScatterStyle::ssNone);
    }

    void noisePlotShowsUpdateOrGradientNoiseOnOneAxis() {
        const Run run = makeRun();
        NoisePlot plot;
        plot.showRun(run.history, run.latest);
        QCOMPARE(plot.graphCount(), 2 + 3); // mean, gradient noise, layers
        QCPGraph* gradient = plot.graph(1);
        const auto onlyOneAxis = [&plot] {
            for (int i = 0; i < plot.graphCount(); ++i)
                if (plot.graph(i)->valueAxis() != plot.yAxis)
                    return false;
            return !plot.yAxis2->visible() && plot.yAxis->scaleType() == QCPAxis::stLogarithmic;
        };
        QVERIFY(onlyOneAxis());
        QCOMPARE(plot.title(), QString("Update noise"));
        QVERIFY(plot.yAxis->label().contains("(EMA)"));
        QVERIFY(!gradient->visible());
        for (int i = 0; i < plot.graphCount(); ++i)
            QVERIFY(plot.graph(i) == gradient ||
                    (plot.graph(i)->visible() && plot.graph(i)->data()->size() > 0));

        plot.setView(NoiseView::Gradient);
        plot.showRun(run.history, run.latest);
        QVERIFY(onlyOneAxis());
        QCOMPARE(plot.title(), QString("Gradient noise"));
        QVERIFY(plot.yAxis->label().contains("g_B"));
        for (int i = 0; i < plot.graphCount(); ++i)
            QCOMPARE(plot.graph(i)->visible(), plot.graph(i) == gradient);
        QCOMPARE(gradient->data()->size(), 15); // measured at steps 500, 1500, ..., 14500
        QCOMPARE(gradient->scatterStyle().shape(), QCPScatterStyle::ssDisc); // a dot per measurement ...
        QCOMPARE(gradient->lineStyle(), QCPGraph::lsLine);                   // ... joined by a line
        // The axis is the gradient noise's own (1 to 3), not the update noise's (1e-3).
        QVERIFY(plot.yAxis->range().contains(1.1) && plot.yAxis->range().contains(2.9) &&
                plot.yAxis->range().lower > 0.1);
        QVERIFY(plot.note().isEmpty());

        const Run gd = makeRun({.fullBatch = true});
        plot.showRun(gd.history, gd.latest);
        QVERIFY2(plot.note().startsWith("Full-batch GD"), qPrintable(plot.note()));
        const Run unmeasured = makeRun({.gradientNoiseOff = true}); // not "not measured yet" forever
        plot.showRun(unmeasured.history, unmeasured.latest);
        QVERIFY2(plot.note().contains("metrics.gradient_noise_every = 0"), qPrintable(plot.note()));
        plot.setView(NoiseView::Update);
        plot.showRun(gd.history, gd.latest);
        QVERIFY(plot.note().isEmpty() && !gradient->visible());
    }

    void comparedNoiseShowsEachRunInTheChosenView() {
        const Run sgd = makeRun(), gd = makeRun({.fullBatch = true});
        const RunViews runs{RunView{&sgd.history, &sgd.latest, "SGD", 0},
                            RunView{&gd.history, &gd.latest, "GD", 1}};
        NoisePlot plot;
        plot.setView(NoiseView::Gradient);
        plot.showRuns(runs);
        QStringList visible;
        for (int i = 0; i < plot.graphCount(); ++i) {
            QCOMPARE(plot.graph(i)->valueAxis(), plot.yAxis);
            if (plot.graph(i)->visible())
                visible << plot.graph(i)->name();
        }
        QCOMPARE(visible, (QStringList{"SGD", "GD: no gradient noise"}));
        QVERIFY(!plot.yAxis2->visible());
        plot.setView(NoiseView::Update);
        plot.showRuns(runs);
        visible.clear();
        for (int i = 0; i < plot.graphCount(); ++i)
            if (plot.graph(i)->visible())
                visible << plot.graph(i)->name();
        QCOMPARE(visible, (QStringList{"SGD", "GD"}));
    }

    void lossPlotHidesAccuracyForRegression() {
        LossAccuracyPlot plot;
        const Run classes = makeRun();
        plot.showRun(classes.history, classes.latest);
        QCOMPARE(plot.graphCount(), 4);
        for (int i = 0; i < plot.graphCount(); ++i)
            QVERIFY(plot.graph(i)->data()->size() > 0);
        QVERIFY(plot.yAxis2->visible() && plot.legend->itemCount() == 4);
        QCOMPARE(textItemCount(plot, "chance 0.1"), 1);

        plot.clearRun();
        const Run regression = makeRun({.regression = true});
        plot.showRun(regression.history, regression.latest);
        QVERIFY(!plot.yAxis2->visible() && plot.legend->itemCount() == 2); // accuracy hidden
        QCOMPARE(plot.graph(2)->data()->size(), 0);
    }

    void lossPlotDrawsNoChanceLevelForCheckpoints() {
        // A checkpoint's snapshot carries no weights: its classes, and so the chance level, are unknown.
        LossAccuracyPlot plot;
        Run run = makeRun();
        run.history.events.clear(); // no change markers: the chance level is the only straight line
        run.latest.weights.clear();
        plot.showRun(run.history, run.latest);
        QVERIFY(plot.yAxis2->visible()); // the accuracy itself is shown
        for (int i = 0; i < plot.itemCount(); ++i)
            if (qobject_cast<QCPItemStraightLine*>(plot.item(i)) || qobject_cast<QCPItemText*>(plot.item(i)))
                QVERIFY(!plot.item(i)->visible());
    }

    void nullSpacePlotShowsMessageWithoutNullSpace() {
        NullSpacePlot plot;
        const Run janus = makeRun();
        plot.showRun(janus.history, janus.latest);
        QVERIFY(!plot.showsNoNullSpaceMessage());
        QVERIFY(plot.graph(0)->data()->size() == kSnapshots && plot.graph(1)->data()->size() == kSnapshots);

        plot.clearRun();
        const Run full = makeRun({.nullSpace = false});
        plot.showRun(full.history, full.latest);
        QVERIFY(plot.showsNoNullSpaceMessage());
        QCOMPARE(textItemCount(plot, "inputs span all of ℝᵈ: no null space"), 1);
    }

    void theDashedTheoryIsDrawnOverTheMeasuredRuns() {
        NullSpacePlot plot;
        const Run sgd = makeRun(), gd = makeRun();
        plot.showRuns(
            {RunView{&sgd.history, &sgd.latest, "SGD", 0}, RunView{&gd.history, &gd.latest, "GD", 1}});
        // Graphs later in the layer are drawn later, i.e. on top.
        const QList<QCPLayerable*> drawn = plot.layer("main")->children();
        int lastSolid = -1, firstDashed = static_cast<int>(drawn.size());
        for (int i = 0; i < drawn.size(); ++i)
            if (auto* graph = qobject_cast<QCPGraph*>(drawn[i]); graph && !graph->data()->isEmpty()) {
                if (graph->pen().style() == Qt::SolidLine)
                    lastSolid = i;
                else
                    firstDashed = std::min(firstDashed, i);
            }
        QVERIFY(lastSolid >= 0 && firstDashed < drawn.size());
        QVERIFY2(firstDashed > lastSolid, "a measured curve is drawn over the theory");
    }

    void timePlotsHaveMarkersAndSwitchAxis() {
        const Run run = makeRun();
        RankPlot rank;
        NoisePlot noise;
        LossAccuracyPlot loss;
        NullSpacePlot nullSpace;
        SpectrumHeatmapPlot heatmap;
        for (TimePlot* plot : std::initializer_list<TimePlot*>{&rank, &noise, &loss, &nullSpace, &heatmap}) {
            plot->showRun(run.history, run.latest);
            QCOMPARE(textItemCount(*plot, "lr 0.1→0.05"), 1);
            QCOMPARE(textItemCount(*plot, "B 8→32"), 1);
            QCOMPARE(plot->xAxis->range().upper, static_cast<double>(run.latest.step));
            plot->setTimeAxis(TimeAxis::Epochs);
            plot->showRun(run.history, run.latest);
            QCOMPARE(plot->xAxis->range().upper, run.latest.epoch);
            QVERIFY(plot->xAxis->label().contains("epoch"));
        }
        QCOMPARE((rank.graph(2)->data()->constEnd() - 1)->key, run.latest.epoch);
    }

    void everyPlotRendersInBothThemes() {
        const Run run = makeRun();
        SpectrumPlot spectrum;
        SpectrumHeatmapPlot heatmap;
        RankPlot rank;
        rank.setShowBound(true);
        NoisePlot noise;
        LossAccuracyPlot loss;
        NullSpacePlot nullSpace;
        const QList<QPair<QString, LivePlot*>> plots = {
            {"spectrum", &spectrum}, {"spectrum_heatmap", &heatmap}, {"rank", &rank},
            {"noise", &noise},       {"loss_accuracy", &loss},       {"null_space", &nullSpace}};
        for (const Theme& theme : {Theme::light(), Theme::talk()})
            for (const auto& [name, plot] : plots)
                renderAndCheck(*plot, run, theme, QSize(800, 500), name + '-' + theme.name);
        noise.setView(NoiseView::Gradient);
        for (const Theme& theme : {Theme::light(), Theme::talk()})
            renderAndCheck(noise, run, theme, QSize(800, 500), "noise_gradient-" + theme.name);
    }

    void failureStatesRenderAtDashboardSize() {
        // One pane of the 3x2 dashboard at 1600x1000, in the talk theme: the tightest case for labels.
        const QSize pane(560, 330);
        const Run collapsed = makeRun({.collapse = true});
        const Run regression = makeRun({.nullSpace = false, .regression = true});
        RankPlot rank;
        rank.setShowBound(true);
        renderAndCheck(rank, collapsed, Theme::talk(), pane, "rank-collapsed-talk-small");
        SpectrumPlot spectrum;
        spectrum.setNormalized(false);
        renderAndCheck(spectrum, collapsed, Theme::talk(), pane,
                       "spectrum-unnormalized-collapsed-talk-small");
        LossAccuracyPlot loss;
        renderAndCheck(loss, regression, Theme::talk(), pane, "loss-regression-talk-small");
        NullSpacePlot nullSpace;
        renderAndCheck(nullSpace, regression, Theme::talk(), pane, "null_space-none-talk-small");
        QVERIFY(nullSpace.showsNoNullSpaceMessage());
    }
};

QTEST_MAIN(TestPlots)
#include "test_plots.moc"
