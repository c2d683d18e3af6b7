// The dashboard's one legend of layers: it names every layer once (with its largest possible rank),
// in the colours the plots draw the layers in; no plot repeats the layers in its own legend, while
// each keeps its own entries; comparing runs, there are no layers to key and the legend goes; its
// names are never cut at any width; exported figures — the dashboard and a single panel — key the
// layers above the plots. RANKSCOPE_REVIEW_DIR=dir saves the dashboard and its export for a look.
#include "dashboard.h"
#include "figure_export.h"
#include "layer_legend.h"
#include "session/run_history.h"
#include "session/snapshot_builder.h"
#include "small_runs.h"

#include <QDir>
#include <QTest>

using namespace rankscope;

namespace {

// The names in a plot's own legend.
QStringList legendNames(const QCustomPlot* plot) {
    QStringList names;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

// The visible graph of `plot` named `name` (a layer's curve), or null.
QCPGraph* visibleGraphNamed(QCustomPlot* plot, const QString& name) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->visible() && plot->graph(i)->name() == name)
            return plot->graph(i);
    return nullptr;
}

// Whether some pixel of `image` in rows [top, bottom) has exactly `colour`.
bool hasColourInRows(const QImage& image, const QColor& colour, int top, int bottom) {
    for (int y = std::max(top, 0); y < std::min(bottom, image.height()); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y) == colour)
                return true;
    return false;
}

void saveForReview(const QImage& image, const QString& name) {
    if (const QString dir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR"); !dir.isEmpty())
        QVERIFY(QDir().mkpath(dir) && image.save(QString("%1/%2.png").arg(dir, name)));
}

} // namespace

class TestLayerLegend : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        Trainer trainer = trainerFor(smallRun()); // 16 inputs, hidden 32-32, 4 classes: three layers
        const SnapshotBuilder builder(trainer);
        for (int i = 0; i <= 10; ++i) {
            m_latest = builder.build(trainer);
            m_history.append(m_latest);
            for (int k = 0; k < 25; ++k)
                trainer.step();
        }
    }

    void eachLayerIsNamedWithItsLargestRank() {
        const LayerKey key = layerKeyFor(m_latest);
        QCOMPARE(key.size(), 3);
        QCOMPARE(key[0].text, QString("L1 (16→32), max rank 16")); // input-limited: full at 16, not "half"
        QCOMPARE(key[1].text, QString("L2 (32→32), max rank 32"));
        QCOMPARE(key[2].text, QString("L3 (32→4), max rank 4"));
        Snapshot collapsed = m_latest;
        collapsed.analysis.layers[1].collapsed = true;
        QCOMPARE(layerKeyFor(collapsed)[1].text, QString("L2 (32→32): collapsed"));
    }

    void theDashboardKeysEveryLayerOnceAndNoPlotRepeatsThem() {
        Dashboard dashboard;
        dashboard.resize(1600, 1000);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        dashboard.showRun(m_history, m_latest);
        const QList<LayerLegend*> legends = dashboard.findChildren<LayerLegend*>();
        QCOMPARE(legends.size(), 1);
        LayerLegend* legend = dashboard.layerLegend();
        QVERIFY(legend->isVisible());
        QCOMPARE(legend->key(), layerKeyFor(m_latest));
        QList<int> layers;
        for (const LayerKeyEntry& entry : legend->key())
            layers << entry.layer;
        QCOMPARE(layers, (QList<int>{0, 1, 2}));

        for (LivePlot* plot : dashboard.plots()) {
            const QStringList names = legendNames(plot);
            for (const QString& name : names)
                for (int l = 0; l < 3; ++l)
                    QVERIFY2(!name.startsWith(QString("L%1").arg(l + 1)),
                             qPrintable(plot->title() + " repeats the layer: " + name));
        }
        // The entries that belong to one plot stay in it.
        const QList<LivePlot*> plots = dashboard.plots();
        QVERIFY(legendNames(plots[0]).contains("faint: at step 0"));
        QVERIFY(legendNames(plots[2]).contains("hidden-layer mean"));
        QVERIFY(legendNames(plots[3]).contains("hidden-layer mean"));
        QVERIFY(legendNames(plots[4]).contains("train loss"));

        // One source of colour: each swatch is drawn in the colour of its layer's curve in every plot.
        dashboard.layerLegend()->repaint();
        const QImage strip = legend->grab().toImage();
        saveForReview(dashboard.grab().toImage(), "dashboard");
        const QList<LayerLegend::Placed> placed = legend->placedEntries();
        for (const LayerKeyEntry& entry : legend->key()) {
            const QPointF centre = placed[entry.layer].swatch.center() * strip.devicePixelRatio();
            const QColor swatch = strip.pixelColor(centre.toPoint());
            QCOMPARE(swatch, legend->theme().layerColor(entry.layer));
            for (LivePlot* plot : {plots[0], plots[2], plots[3]}) {
                const QCPGraph* curve = visibleGraphNamed(plot, layerName(m_latest, entry.layer));
                QVERIFY2(curve, qPrintable(plot->title()));
                QCOMPARE(curve->pen().color(), swatch);
            }
        }
    }

    void theLegendGoesWhileNoShownPlotDrawsLayers() {
        Dashboard dashboard;
        dashboard.resize(1600, 1000);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        const QList<LivePlot*> plots = dashboard.plots();
        dashboard.showRun(m_history, m_latest);
        dashboard.setPlotsShown({plots[4]}); // loss and accuracy alone: no layers
        QVERIFY(!dashboard.layerLegend()->isVisible());
        dashboard.setPlotsShown(plots);
        QVERIFY(dashboard.layerLegend()->isVisible());
        dashboard.setNoiseView(NoiseView::Gradient); // the noise plot's gradient noise has no layers ...
        dashboard.setPlotsShown({plots[3]});
        QVERIFY(!dashboard.layerLegend()->isVisible());
        dashboard.setNoiseView(NoiseView::Update); // ... its update noise has
        QVERIFY(dashboard.layerLegend()->isVisible());
    }

    void comparingRunsKeysNoLayers() {
        Dashboard dashboard;
        dashboard.resize(1600, 1000);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        dashboard.showRuns(
            {RunView{&m_history, &m_latest, "B = 8", 0}, RunView{&m_history, &m_latest, "B = 64", 1}});
        QVERIFY(!dashboard.layerLegend()->isVisible());
        for (LivePlot* plot : dashboard.plots())
            QVERIFY2(plot->layerKey().isEmpty(), qPrintable(plot->title()));
        QVERIFY(legendNames(dashboard.rankPlot()).contains("B = 64")); // the runs stay in each plot
        dashboard.showRun(m_history, m_latest);
        QVERIFY(dashboard.layerLegend()->isVisible());
    }

    void noNameIsCutAtAnyWidth() {
        LayerLegend legend;
        legend.applyTheme(Theme::talk());
        Snapshot cnn = m_latest; // a CNN's longer names
        cnn.layerNames = {"C1 1→16 3×3", "D2 1568→128", "D3 128→10"};
        for (const Snapshot& snapshot : {m_latest, cnn}) {
            legend.setKey(layerKeyFor(snapshot));
            for (int width = legend.minimumSizeHint().width(); width <= 2000; width += 37) {
                legend.resize(width, legend.heightForWidth(width));
                const QFontMetricsF metrics(legend.theme().legendFont);
                const QList<LayerLegend::Placed> placed = legend.placedEntries();
                for (int k = 0; k < placed.size(); ++k) {
                    const QString& text = legend.key()[k].text;
                    QVERIFY2(metrics.horizontalAdvance(text) <= placed[k].text.width() &&
                                 placed[k].text.right() <= width &&
                                 placed[k].text.bottom() <= legend.heightForWidth(width) &&
                                 placed[k].swatch.left() >= 0,
                             qPrintable(QString("%1 at width %2").arg(text).arg(width)));
                }
            }
        }
    }

    void exportsKeyTheLayersAboveThePlots() {
        Dashboard dashboard;
        dashboard.showRun(m_history, m_latest);
        const Theme theme = dashboard.rankPlot()->theme();
        const FigureLayout layout{QSize(1600, 1200), 1.0, 2};
        const int strip = LayerLegend::stripHeight(layerKeyFor(m_latest), theme, layout.size.width());
        QVERIFY(strip > 0);
        const QImage figure = renderFigure(dashboard.shownPlots(), layout);
        saveForReview(figure, "dashboard-export");
        // A single panel that draws the layers is keyed too (--figure-panel rank).
        const QImage panel = renderFigure({dashboard.rankPlot()}, {QSize(1200, 800), 1.0, 1});
        for (const QImage& image : {figure, panel})
            for (int l = 0; l < 3; ++l)
                QVERIFY2(hasColourInRows(image, theme.layerColor(l), 0, strip),
                         qPrintable(QString("L%1").arg(l + 1)));
        // The plots start below the key: the top of the figure holds the key only.
        const QImage plotsAlone = dashboard.rankPlot()->toPixmap(1200, 800).toImage();
        QVERIFY(!hasColourInRows(plotsAlone, theme.layerColor(0), 0, strip)); // the plot's own top
    }

private:
    RunHistory m_history;
    Snapshot m_latest;
};

QTEST_MAIN(TestLayerLegend)
#include "test_layer_legend.moc"
