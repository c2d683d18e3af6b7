// Figure export with plain coloured plots: the image is size x scale device pixels, the plots fill a
// grid of min(columns, plots) columns row by row, and each format is written (or refused) by the
// file's suffix with a message naming the file; a caption too long for one line wraps.
#include "figure_export.h"
#include "live_plot.h"

#include <QFile>
#include <QImageReader>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {
// A plot that draws nothing but its background colour.
class ColourPlot : public LivePlot {
public:
    explicit ColourPlot(const QColor& colour)
        : LivePlot("colour") {
        setBackground(colour);
        plotLayout()->clear(); // no title, no axes: only the background is drawn
    }
    void showRun(const RunHistory&, const Snapshot&) override {}
};

// The colour at a point given in logical pixels.
QColor colourAt(const QImage& image, int x, int y) {
    const double scale = image.devicePixelRatio();
    return image.pixelColor(static_cast<int>(x * scale), static_cast<int>(y * scale));
}
} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
private slots:
    void theImageIsTheLogicalSizeTimesTheScale() {
        ColourPlot red(Qt::red), blue(Qt::blue);
        const QImage image = renderFigure({&red, &blue}, {QSize(200, 100), 2.0, 2});
        QCOMPARE(image.size(), QSize(400, 200));
        QCOMPARE(image.devicePixelRatio(), 2.0);
        QCOMPARE(colourAt(image, 50, 50), QColor(Qt::red));
        QCOMPARE(colourAt(image, 150, 50), QColor(Qt::blue));
    }

    void aFigureLargerThanItsPixelsIsScaledDownWhole() {
        ColourPlot red(Qt::red), blue(Qt::blue);
        const QImage image = renderFigure({&red, &blue}, {QSize(400, 200), 0.5, 2});
        QCOMPARE(image.size(), QSize(200, 100));
        QCOMPARE(image.pixelColor(50, 50), QColor(Qt::red));
        QCOMPARE(image.pixelColor(150, 50), QColor(Qt::blue)); // not cropped to the red half
    }

    void noMoreColumnsThanPlots() {
        ColourPlot red(Qt::red), blue(Qt::blue);
        const QImage image = renderFigure({&red, &blue}, {QSize(300, 100), 1.0, 3});
        QCOMPARE(colourAt(image, 100, 50), QColor(Qt::red)); // two cells of 150, not three of 100
        QCOMPARE(colourAt(image, 250, 50), QColor(Qt::blue));
    }

    void plotsFillTheGridRowByRow() {
        ColourPlot red(Qt::red), green(Qt::green), blue(Qt::blue);
        const QImage image = renderFigure({&red, &green, &blue}, {QSize(200, 200), 1.0, 2});
        QCOMPARE(colourAt(image, 50, 50), QColor(Qt::red));
        QCOMPARE(colourAt(image, 150, 50), QColor(Qt::green));
        QCOMPARE(colourAt(image, 50, 150), QColor(Qt::blue));
        QCOMPARE(colourAt(image, 150, 150), red.theme().background); // an empty cell
    }

    void eachFormatIsWrittenBySuffix() {
        ColourPlot red(Qt::red);
        QTemporaryDir dir;
        const FigureLayout layout{QSize(320, 240), 1.5, 1};
        QVERIFY(exportFigure({&red}, layout, dir.filePath("figure.PNG")).ok());
        QCOMPARE(QImageReader(dir.filePath("figure.PNG")).size(), QSize(480, 360));
        QVERIFY(exportFigure({&red}, layout, dir.filePath("figure.pdf")).ok());
        QFile pdf(dir.filePath("figure.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
        QVERIFY(exportFigure({&red}, layout, dir.filePath("figure.svg")).ok());
        QFile svg(dir.filePath("figure.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("viewBox=\"0 0 320 240\"")); // logical size, not scaled
    }

    void anUnknownFormatIsRefusedWithoutAFile() {
        ColourPlot red(Qt::red);
        QTemporaryDir dir;
        const Status status = exportFigure({&red}, {}, dir.filePath("figure.bmp"));
        QVERIFY(!status.ok());
        QVERIFY(status.error().contains("figure.bmp"));
        QVERIFY(status.error().contains("unknown figure format"));
        QVERIFY(!QFile::exists(dir.filePath("figure.bmp")));
    }

    // Runs side by side make a caption too long for one line even when shrunk: it takes a second
    // line rather than losing its end (the model and the step) to an ellipsis.
    void aLongCaptionWrapsOntoASecondLine() {
        ColourPlot white(Qt::white);
        QStringList settings;
        for (int run = 1; run <= 6; ++run)
            settings << QString("run %1: B = 8 · lr = 0.05 · wd = 0.01").arg(run);
        const QString caption = settings.join(" · ") + " · model: mlp 128-128 · step 3000";
        const QImage image = renderFigure({&white}, {QSize(800, 400), 1.0, 1}, caption);
        int lines = 0;
        bool inLine = false;
        for (int y = 0; y < image.height(); ++y) {
            bool ink = false;
            for (int x = 0; x < image.width() && !ink; ++x)
                ink = qGray(image.pixel(x, y)) < 110;
            lines += ink && !inLine;
            inLine = ink;
        }
        QCOMPARE(lines, 2);
    }

    void anUnwritableFolderIsAnErrorNamingTheFile() {
        ColourPlot red(Qt::red);
        QTemporaryDir dir;
        const QString path = dir.filePath("missing/figure.png");
        const Status status = exportFigure({&red}, {QSize(100, 100), 1.0, 1}, path);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().startsWith(path + ": cannot write"), qPrintable(status.error()));
    }
};

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
