// The stage: MainWindow in presentation mode on the screen the offscreen platform was given (CTest
// runs this at 3840×2160, 1280×720 and 1920×1080, see CMakeLists.txt). The window takes exactly the
// screen although it was larger; every plot on screen keeps a readable axis rect and colour bars
// their width; no legend entry, axis label or title is cut (measured with QFontMetrics); one layer
// legend above the panels names every layer once, whole, and no plot repeats it; N switches the noise
// plot between update and gradient noise; the File
// shortcuts work with the menu bar hidden; W and B move the knobs; Z, Esc and a double-click zoom a
// panel and back; a sketch drawn on the rank plot while paused stays until Reset; the audience
// readout is large and names B, lr, wd and the step in both themes, and fits a narrow window.
#include "controls/control_panel.h"
#include "dashboard.h"
#include "io/preset_library.h"
#include "layer_legend.h"
#include "main_window.h"
#include "presentation/audience_readout.h"
#include "presentation/prediction_sketch.h"
#include "presentation/stage_layout.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QMenuBar>
#include <QScreen>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace rankscope;

namespace {

// The smallest axis rect a shown plot may have, on a 1080-line screen; scaled with the height.
constexpr QSize kMinAxisRect{400, 140};

RunConfig quickRun() {
    RunConfig config = defaultPreset();
    config.data.train_size = 1024;
    config.data.test_size = 256;
    config.model.hidden = {48, 48, 48};
    return config;
}

double screenScale() {
    return QGuiApplication::primaryScreen()->geometry().height() / 1080.0;
}

// A window larger than the screen, in presentation mode, showing its first snapshot.
std::unique_ptr<MainWindow> presentedWindow() {
    auto window = std::make_unique<MainWindow>(quickRun());
    window->resize(2600, 1700);
    window->show();
    window->setPresentationMode(true);
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window.get()) ||
        !QTest::qWaitFor([&window] { return window->shownSnapshot() != nullptr; }, 30000))
        return nullptr;
    QTest::qWait(100); // the queued replots
    return window;
}

// The visible entries of a plot's legend.
QList<QCPPlottableLegendItem*> legendEntries(LivePlot* plot) {
    QList<QCPPlottableLegendItem*> entries;
    if (!plot->legend->visible())
        return entries;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i)))
            entries.append(entry);
    return entries;
}

// Rejects every modal dialog that opens (the file dialogs the File shortcuts open) until destroyed.
class DialogCloser : public QObject {
public:
    DialogCloser() {
        connect(&m_timer, &QTimer::timeout, this, [] {
            if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget()))
                dialog->reject();
        });
        m_timer.start(50);
    }

private:
    QTimer m_timer;
};

QAction* actionWithShortcut(QWidget* window, const QKeySequence& key) {
    for (QAction* action : window->actions())
        if (action->shortcuts().contains(key))
            return action;
    return nullptr;
}

} // namespace

class TestStage : public QObject {
    Q_OBJECT
private slots:
    void init() { QCoreApplication::setOrganizationName("RankScopeTest"); }

    void presentationModeTakesExactlyTheScreen() {
        const auto window = presentedWindow();
        QVERIFY(window);
        QCOMPARE(window->geometry(), QGuiApplication::primaryScreen()->geometry());
        QVERIFY(!window->menuBar()->isVisible());
        window->setPresentationMode(false);
        QVERIFY(window->menuBar()->isVisible());
    }

    void everyShownPlotHasAReadableAxisRect() {
        const auto window = presentedWindow();
        QVERIFY(window);
        const QSize least = kMinAxisRect * screenScale();
        const QList<LivePlot*> shown = window->stageLayout()->shown();
        QVERIFY(shown.contains(window->dashboard()->rankPlot()));
        for (LivePlot* plot : window->dashboard()->plots()) {
            QCOMPARE(plot->isVisible(), shown.contains(plot));
            if (!plot->isVisible())
                continue;
            const QRect rect = plot->axisRect()->rect();
            QVERIFY2(rect.width() >= least.width() && rect.height() >= least.height(),
                     qPrintable(QString("%1: axis rect %2×%3, less than %4×%5")
                                    .arg(plot->title())
                                    .arg(rect.width())
                                    .arg(rect.height())
                                    .arg(least.width())
                                    .arg(least.height())));
            for (QCPLayoutElement* element : plot->plotLayout()->elements(true))
                if (auto* bar = qobject_cast<QCPColorScale*>(element))
                    QVERIFY2(bar->axis()->axisRect()->rect().width() >= bar->barWidth(),
                             qPrintable(plot->title() + ": the colour bar is narrower than its width"));
        }
    }

    void noLegendEntryLabelOrTitleIsCut() {
        const auto window = presentedWindow();
        QVERIFY(window);
        for (LivePlot* plot : window->stageLayout()->shown()) {
            plot->replot(); // the layout the texts were fitted to
            for (QCPPlottableLegendItem* entry : legendEntries(plot)) {
                const QString name = entry->plottable()->name();
                const int text = QFontMetrics(entry->font()).horizontalAdvance(name);
                const int room = entry->rect().width() - plot->legend->iconSize().width() -
                                 plot->legend->iconTextPadding();
                QVERIFY2(text <= room, qPrintable(plot->title() + ": legend entry cut: " + name));
                QVERIFY2(entry->outerRect().right() <= plot->width(),
                         qPrintable(plot->title() + ": " + name));
            }
            for (QCPAxis* axis : plot->axisRect()->axes()) {
                if (!axis->visible() || axis->label().isEmpty())
                    continue;
                const QRect rect = axis->axisRect()->rect();
                const int length = axis->orientation() == Qt::Vertical ? rect.height() : rect.width();
                QVERIFY2(QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label()) <= length,
                         qPrintable(plot->title() + ": axis label cut: " + axis->label()));
            }
            auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
            QVERIFY(title);
            QVERIFY2(QFontMetrics(title->font()).horizontalAdvance(title->text()) <= plot->width(),
                     qPrintable(plot->title()));
        }
    }

    void oneWholeLayerLegendAndNoPlotRepeatsIt() {
        const auto window = presentedWindow();
        QVERIFY(window);
        LayerLegend* legend = window->dashboard()->layerLegend();
        QCOMPARE(window->findChildren<LayerLegend*>().size(), 1);
        QVERIFY(legend->isVisible());
        QCOMPARE(legend->key(), layerKeyFor(*window->shownSnapshot()));
        QCOMPARE(legend->key().size(), 4); // three hidden layers and the classifier, each once
        QCOMPARE(legend->height(), legend->heightForWidth(legend->width())); // every row on screen
        const QFontMetricsF metrics(legend->theme().legendFont);
        const QList<LayerLegend::Placed> placed = legend->placedEntries();
        for (int k = 0; k < placed.size(); ++k) {
            const QString& name = legend->key()[k].text;
            QVERIFY2(metrics.horizontalAdvance(name) <= placed[k].text.width(), qPrintable("cut: " + name));
            QVERIFY2(QRectF(legend->rect()).contains(placed[k].text), qPrintable("outside: " + name));
        }
        for (LivePlot* plot : window->stageLayout()->shown())
            for (QCPPlottableLegendItem* entry : legendEntries(plot))
                for (const LayerKeyEntry& layer : legend->key())
                    QVERIFY2(!entry->plottable()->name().startsWith(
                                 layerName(*window->shownSnapshot(), layer.layer)),
                             qPrintable(plot->title() + " repeats " + entry->plottable()->name()));
    }

    void nSwitchesTheNoisePlot() {
        const auto window = presentedWindow();
        QVERIFY(window);
        QCOMPARE(window->dashboard()->noiseView(), NoiseView::Update);
        QTest::keyClick(window.get(), Qt::Key_N);
        QCOMPARE(window->dashboard()->noiseView(), NoiseView::Gradient);
        QTest::keyClick(window.get(), Qt::Key_N);
        QCOMPARE(window->dashboard()->noiseView(), NoiseView::Update);
    }

    void fileShortcutsWorkInFullScreen() {
        const auto window = presentedWindow();
        QVERIFY(window);
        QVERIFY(!window->menuBar()->isVisible());
        QApplication::clipboard()->clear();
        const DialogCloser closer;
        for (const QKeySequence& key : {QKeySequence("Ctrl+E"), QKeySequence("Ctrl+C"),
                                        QKeySequence("Ctrl+S"), QKeySequence("Ctrl+O")}) {
            QAction* action = actionWithShortcut(window.get(), key);
            QVERIFY2(action, qPrintable(key.toString()));
            QSignalSpy triggered(action, &QAction::triggered);
            window->activateWindow(); // again: the previous key's dialog had the focus
            QVERIFY(QTest::qWaitForWindowActive(window.get()));
            QTest::keyClick(window.get(), key[0].key(), key[0].keyboardModifiers());
            QVERIFY2(triggered.count() == 1, qPrintable(key.toString()));
        }
        QVERIFY(!QApplication::clipboard()->image().isNull()); // Ctrl+C copied the dashboard
    }

    void hiddenPanelsAreNotDrawnButExported() {
        const auto window = presentedWindow();
        QVERIFY(window);
        LivePlot* hidden = nullptr;
        for (LivePlot* plot : window->dashboard()->plots())
            if (!hidden && !window->stageLayout()->shown().contains(plot))
                hidden = plot; // the first: the update noise (the last, the null space, has no curve here)
        if (!hidden)
            QSKIP("every panel fits this screen");
        const auto points = [hidden] {
            int count = 0;
            for (int i = 0; i < hidden->graphCount(); ++i)
                count += hidden->graph(i)->dataCount();
            return count;
        };
        window->toggleRunning();
        QTRY_VERIFY(window->history().meanRank.size() > 3);
        QCOMPARE(points(), 0); // hidden since before the first snapshot: never drawn
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_C, Qt::ControlModifier); // copies every panel
        QVERIFY(points() > 0);
    }

    void wAndBKeysMoveTheKnobs() {
        const auto window = presentedWindow();
        QVERIFY(window);
        const double wd = window->config().train.weight_decay;
        QVERIFY(wd > 0);
        QTest::keyClick(window.get(), Qt::Key_W);
        QCOMPARE(window->config().train.weight_decay, 0.0);
        QCOMPARE(window->controls()->config().train.weight_decay, 0.0);
        QTest::keyClick(window.get(), Qt::Key_W);
        QCOMPARE(window->config().train.weight_decay, wd);
        QCOMPARE(window->config().train.batch_size, 8);
        QTest::keyClick(window.get(), Qt::Key_B);
        QCOMPARE(window->config().train.batch_size, 32);
        QTest::keyClick(window.get(), Qt::Key_B, Qt::ShiftModifier);
        QCOMPARE(window->config().train.batch_size, 8);
        window->stepOnce(); // the session applies them and publishes what it trains with
        QTRY_COMPARE(window->shownSnapshot()->train.batch_size, 8);
        QCOMPARE(window->shownSnapshot()->train.weight_decay, wd);
    }

    void zoomShowsOnePanelAndBack() {
        const auto window = presentedWindow();
        QVERIFY(window);
        StageLayout* stage = window->stageLayout();
        const QList<LivePlot*> grid = stage->shown();
        QCursor::setPos(window->mapToGlobal(QPoint(1, 1))); // over the control panel: the rank plot
        QTest::keyClick(window.get(), Qt::Key_Z);
        QCOMPARE(stage->shown(), QList<LivePlot*>{window->dashboard()->rankPlot()});
        QTRY_VERIFY(window->dashboard()->rankPlot()->height() > window->dashboard()->height() * 9 / 10);
        QTest::keyClick(window.get(), Qt::Key_Escape); // leaves the zoom, not presentation mode
        QCOMPARE(stage->shown(), grid);
        QVERIFY(window->isPresentationMode());

        LivePlot* other = grid.last();
        QTest::mouseDClick(other, Qt::LeftButton, {}, other->rect().center());
        QCOMPARE(stage->shown(), QList<LivePlot*>{other});
        QTest::mouseDClick(other, Qt::LeftButton, {}, other->rect().center());
        QCOMPARE(stage->shown(), grid);
    }

    void aDoubleClickBesideThePanelsZoomsNothing() {
        const auto window = presentedWindow();
        QVERIFY(window);
        StageLayout* stage = window->stageLayout();
        const QList<LivePlot*> grid = stage->shown();
        // Labels and the gaps between panels ignore a double-click: it reaches the dashboard.
        QTest::mouseDClick(window->dashboard(), Qt::LeftButton, {}, QPoint(1, 1));
        QCOMPARE(stage->shown(), grid);
        QCOMPARE(stage->zoomed(), nullptr);
    }

    void sketchStaysUntilReset() {
        const auto window = presentedWindow();
        QVERIFY(window);
        LivePlot* rank = window->dashboard()->rankPlot();
        PredictionSketch* sketch = window->predictionSketch();
        QVERIFY(sketch->isEnabled()); // paused: the lecturer may draw
        const QRect area = rank->axisRect()->rect();
        QTest::mousePress(rank, Qt::LeftButton, {}, area.topLeft() + QPoint(5, 5));
        for (int i = 1; i <= 10; ++i)
            QTest::mouseMove(rank,
                             area.topLeft() + QPoint(5 + i * area.width() / 12, 5 + i * area.height() / 14));
        QTest::mouseRelease(rank, Qt::LeftButton, {}, area.topLeft() + QPoint(5 + 10 * area.width() / 12, 5));
        QVERIFY(sketch->points().size() >= 5);
        rank->replot();
        QCOMPARE(sketch->curve()->dataCount(), sketch->points().size());
        QCOMPARE(sketch->curve()->pen().style(), Qt::DotLine);

        window->toggleRunning(); // the real curve arrives; the sketch stays and cannot be drawn over
        QTRY_VERIFY(!sketch->isEnabled());
        QTRY_VERIFY(window->history().meanRank.size() > 3);
        QVERIFY(!sketch->isEmpty());
        window->toggleRunning();
        QTRY_VERIFY(sketch->isEnabled());
        QTest::keyClick(window.get(), Qt::Key_R);
        QVERIFY(sketch->isEmpty());
        rank->replot();
        QCOMPARE(sketch->curve()->dataCount(), 0);
    }

    void readoutIsLargeInBothThemes() {
        const auto window = presentedWindow();
        QVERIFY(window);
        AudienceReadout* readout = window->audienceReadout();
        QVERIFY(readout->isVisible());
        QTRY_VERIFY(readout->text().contains("step"));
        for (const char* part : {"B = 8", "lr = 0.1", "wd = 0.01"})
            QVERIFY2(readout->text().contains(part), qPrintable(readout->text()));
        const int screenHeight = QGuiApplication::primaryScreen()->geometry().height();
        QVERIFY(readout->font().pixelSize() >= 0.04 * screenHeight);
        QVERIFY(QFontMetrics(readout->font()).horizontalAdvance(readout->text()) <= readout->width());
        for (const Theme& theme : {Theme::light(), Theme::talk()}) {
            window->setTheme(theme);
            QCOMPARE(readout->palette().color(QPalette::WindowText), theme.foreground);
            QCOMPARE(readout->palette().color(QPalette::Window), theme.background);
        }
        QTest::keyClick(window.get(), Qt::Key_A); // the lecturer may hide it
        QVERIFY(!readout->isVisible());
    }

    void readoutShrinksToFitANarrowWindow() {
        MainWindow window(quickRun());
        window.resize(900, 600);
        window.show();
        AudienceReadout* readout = window.audienceReadout();
        QVERIFY(!readout->isVisible()); // outside presentation mode only on request
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_A);
        QVERIFY(readout->isVisible());
        QTRY_VERIFY(readout->text().contains("step"));
        QVERIFY(QFontMetrics(readout->font()).horizontalAdvance(readout->text()) <= readout->width());
    }
};

QTEST_MAIN(TestStage)
#include "test_stage.moc"
