// Slide and paper exports of real plots: every preset gives exactly its pixels, a 1920 × 1080 slide's
// tick labels are at least 2.5% of its height (measured on the rendered image, in both themes), a
// dashboard's cells are never smaller than a readable panel and the heat map's title keeps the
// whole width of its cell, the
// 4K slide is the same figure at twice the size, and the caption names the run's settings under the
// plots.
#include "dashboard.h"
#include "export/figure_preset.h"
#include "export/run_caption.h"
#include "figure_export.h"
#include "panel_grid.h"
#include "session/run_history.h"
#include "session/snapshot_builder.h"
#include "small_runs.h"

#include <QTest>
#include <algorithm>

using namespace rankscope;

namespace {

constexpr int kRankPanel = 2; // Dashboard::plots(): spectrum, heat map, rank, ...

bool isInk(QRgb pixel) {
    return qGray(pixel) < 110;
}

// The x of the rank plot's left axis line: the leftmost column whose ink spans 40% of the height.
int axisColumn(const QImage& image) {
    for (int x = 0; x < image.width() / 2; ++x) {
        int ink = 0;
        for (int y = 0; y < image.height(); ++y)
            ink += isInk(image.pixel(x, y));
        if (ink > 0.4 * image.height())
            return x;
    }
    return -1;
}

// The median ink height of the left axis's tick labels: the runs of rows with ink in a strip just left
// of the axis line, where the labels' last digits sit (labels are right-aligned to the axis).
double tickLabelHeight(const QImage& image) {
    const int axis = axisColumn(image);
    if (axis < 0)
        return 0;
    const int right = axis - 3, left = std::max(0, axis - image.height() / 25);
    QList<int> runs;
    int run = 0;
    for (int y = 0; y < image.height(); ++y) {
        bool ink = false;
        for (int x = left; x < right && !ink; ++x)
            ink = isInk(image.pixel(x, y));
        if (ink) {
            ++run;
        } else if (run > 0) {
            runs << run;
            run = 0;
        }
    }
    if (runs.isEmpty())
        return 0;
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

// The share of columns with ink in the bottom 5% of the image.
double bottomInkColumns(const QImage& image) {
    int columns = 0;
    for (int x = 0; x < image.width(); ++x) {
        bool ink = false;
        for (int y = image.height() * 95 / 100; y < image.height() && !ink; ++y)
            ink = isInk(image.pixel(x, y));
        columns += ink;
    }
    return static_cast<double>(columns) / image.width();
}

} // namespace

class TestFigurePreset : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        Trainer trainer = trainerFor(smallRun());
        const SnapshotBuilder builder(trainer);
        for (int i = 0; i <= 20; ++i) {
            m_latest = builder.build(trainer);
            m_history.append(m_latest);
            for (int k = 0; k < 25; ++k)
                trainer.step();
        }
    }

    void everyPresetGivesExactlyItsPixels() {
        Dashboard dashboard;
        dashboard.showRun(m_history, m_latest);
        for (const FigurePreset& preset : figurePresets()) {
            for (const Theme& theme : {Theme::light(), Theme::talk()}) {
                const FigureLayout layout = presetLayout(preset, theme, 6);
                QCOMPARE(layout.columns, preset.dashboardColumns);
                QCOMPARE(renderFigure(dashboard.plots(), layout).size(), preset.pixels);
            }
        }
    }

    void aDashboardsCellsAreNeverSmallerThanAReadablePanel() {
        for (const FigurePreset& preset : figurePresets()) {
            for (const char* themeName : {"light", "talk"}) {
                const Theme theme = Theme::byName(themeName);
                const double type = theme.tickFont.pointSizeF() / Theme::talk().tickFont.pointSizeF();
                for (const int plots : {4, 5, 6}) {
                    const FigureLayout layout = presetLayout(preset, theme, plots);
                    const int rows = (plots + layout.columns - 1) / layout.columns;
                    const QSizeF cell(layout.size.width() / double(layout.columns),
                                      layout.size.height() / double(rows));
                    QVERIFY2(cell.width() >= kMinPanelSize.width() * type &&
                                 cell.height() >= kMinPanelSize.height() * type,
                             qPrintable(QString("%1, %2 plots: cells of %3 x %4")
                                            .arg(preset.name)
                                            .arg(plots)
                                            .arg(cell.width())
                                            .arg(cell.height())));
                    const double share = layout.scale * tickDigitHeight(theme) / preset.pixels.height();
                    QVERIFY(share <= preset.tickShare * 1.05);
                    if (plots == 5)
                        qInfo("%s, %s theme, 5 plots: tick digits %.2f%% of the height",
                              qPrintable(preset.name), themeName, 100 * share);
                }
            }
        }
    }

    void theHeatMapsTitleSpansThePlot() {
        Dashboard dashboard;
        dashboard.showRun(m_history, m_latest);
        LivePlot* heatmap = dashboard.plots()[1];
        heatmap->layoutFor(QSize(400, 300));
        // The colour scale's column does not narrow the title and the legend row above the map.
        QCOMPARE(heatmap->plotLayout()->element(0, 0)->outerRect().width(), 400);
        QCOMPARE(heatmap->legend->outerRect().width(), 400);
        heatmap->layoutFor(QSize());
    }

    void slideTickLabelsAreAtLeastTheStatedShareOfTheHeight_data() {
        QTest::addColumn<QString>("theme");
        QTest::newRow("light") << "light";
        QTest::newRow("talk") << "talk";
    }
    void slideTickLabelsAreAtLeastTheStatedShareOfTheHeight() {
        QFETCH(QString, theme);
        Dashboard dashboard;
        dashboard.applyTheme(Theme::byName(theme));
        dashboard.showRun(m_history, m_latest);
        LivePlot* rank = dashboard.plots()[kRankPanel];
        const FigurePreset slide = figurePresetByName("slide-16x9").value();
        const QImage image =
            renderFigure({rank}, presetLayout(slide, rank->theme(), 1)).convertToFormat(QImage::Format_RGB32);
        const double share = tickLabelHeight(image) / image.height();
        qInfo("%s theme: tick labels are %.2f%% of the slide's height", qPrintable(theme), 100 * share);
        QVERIFY2(share >= 0.025, qPrintable(QString("tick labels are %1% of the height").arg(100 * share)));
        // Unscaled, the same export had labels of about 1% (the problem slide presets solve).
        const QImage plain =
            renderFigure({rank}, {QSize(1920, 1080), 1.0, 1}).convertToFormat(QImage::Format_RGB32);
        QVERIFY(tickLabelHeight(plain) / plain.height() < 0.02);
    }

    void theFourKSlideIsTheSameFigureTwiceAsLarge() {
        Dashboard dashboard;
        dashboard.showRun(m_history, m_latest);
        LivePlot* rank = dashboard.plots()[kRankPanel];
        const FigureLayout hd = presetLayout(figurePresetByName("slide-16x9").value(), rank->theme(), 1);
        const FigureLayout uhd = presetLayout(figurePresetByName("slide-16x9-4k").value(), rank->theme(), 1);
        QCOMPARE(uhd.size, hd.size);
        QCOMPARE(uhd.scale, 2 * hd.scale);
    }

    void theCaptionNamesTheSettingsUnderThePlots() {
        RunConfig config = smallRun();
        const QString caption = runCaption(config, singleRunView(m_history, m_latest));
        QVERIFY2(caption.startsWith(
                     "B = 16 · lr = 0.1 · wd = 0.005 · momentum = 0 · data: gaussian_mixture 512 × 16"),
                 qPrintable(caption));
        QVERIFY(caption.endsWith("model: mlp 32-32 · step 500"));
        Dashboard dashboard;
        dashboard.showRun(m_history, m_latest);
        const FigureLayout layout = presetLayout(figurePresetByName("slide-16x9").value(), Theme::light(), 6);
        const QImage with =
            renderFigure(dashboard.plots(), layout, caption).convertToFormat(QImage::Format_RGB32);
        const QImage without = renderFigure(dashboard.plots(), layout).convertToFormat(QImage::Format_RGB32);
        // The caption line runs across much of the width, under the axis labels of the bottom row.
        const double captioned = bottomInkColumns(with), plain = bottomInkColumns(without);
        QVERIFY2(captioned > plain + 0.2, qPrintable(QString("%1 vs %2").arg(captioned).arg(plain)));
    }

private:
    RunHistory m_history;
    Snapshot m_latest;
};

QTEST_MAIN(TestFigurePreset)
#include "test_figure_preset.moc"
