#include "figure_export.h"

#include "io/write_error.h"
#include "layer_legend.h"
#include "live_plot.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr double kCaptionLineHeights = 1.6; // a one-line caption's strip, in lines of its font
constexpr double kCaptionMinScale = 0.7;    // a caption shrinks this far, then wraps, then is elided
constexpr double kCaptionRoom = 0.96;       // the share of the figure's width a caption line may take
constexpr double kCaptionShrinkStep = 0.97;

// A caption as drawn: its font and its lines.
struct CaptionText {
    QFont font;
    QStringList lines;
};

double widestLine(const QFont& font, const QStringList& lines) {
    double widest = 0;
    for (const QString& line : lines)
        widest = std::max(widest, QFontMetricsF(font).horizontalAdvance(line));
    return widest;
}

// Two lines, split at the " · " nearest the middle; one if there is none.
QStringList splitCaption(const QString& caption) {
    const QString separator = " · ";
    const qsizetype middle = caption.size() / 2;
    qsizetype best = -1;
    for (qsizetype i = caption.indexOf(separator); i >= 0; i = caption.indexOf(separator, i + 1))
        if (best < 0 || std::abs(i - middle) < std::abs(best - middle))
            best = i;
    if (best < 0)
        return {caption};
    return {caption.left(best), caption.mid(best + separator.size())};
}

// One line in the legend font, shrunk to fit `width` down to kCaptionMinScale; a caption too long
// for that (runs side by side list each run's settings) takes two lines, shrunk alike, so every
// setting stays readable; what still does not fit is elided.
CaptionText fitCaption(const QFont& legendFont, const QString& caption, int width) {
    const double room = kCaptionRoom * width;
    CaptionText text{legendFont, {caption}};
    QFont smallest = legendFont;
    smallest.setPointSizeF(kCaptionMinScale * legendFont.pointSizeF());
    if (widestLine(smallest, text.lines) > room)
        text.lines = splitCaption(caption);
    // In steps, measured each time: hinted text does not shrink in proportion to its point size.
    for (double scale = 1; scale > kCaptionMinScale && widestLine(text.font, text.lines) > room;) {
        scale = std::max(kCaptionMinScale, scale * kCaptionShrinkStep);
        text.font.setPointSizeF(scale * legendFont.pointSizeF());
    }
    for (QString& line : text.lines)
        line = QFontMetricsF(text.font).elidedText(line, Qt::ElideRight, room);
    return text;
}

// Draws the caption centred in the strip below the plots.
void paintCaption(QCPPainter& painter, const Theme& theme, const QString& caption, const QRect& strip) {
    const CaptionText text = fitCaption(theme.legendFont, caption, strip.width());
    painter.setFont(text.font);
    painter.setPen(theme.foreground);
    painter.drawText(strip, Qt::AlignCenter, text.lines.join('\n'));
}

int captionHeight(const QList<LivePlot*>& plots, const QString& caption, int width) {
    if (caption.isEmpty() || plots.isEmpty())
        return 0;
    const QFont& font = plots.first()->theme().legendFont;
    const qsizetype lines = fitCaption(font, caption, width).lines.size();
    return static_cast<int>(
        std::ceil((static_cast<double>(lines) - 1 + kCaptionLineHeights) * QFontMetricsF(font).height()));
}

// The layers the plots draw, keyed once above them: the plots' own legends leave them out.
LayerKey sharedLayerKey(const QList<LivePlot*>& plots) {
    for (const LivePlot* plot : plots)
        if (const LayerKey key = plot->layerKey(); !key.isEmpty())
            return key;
    return {};
}

// Draws the layer key above the plots, every plot into its grid cell, and the caption below; the
// painter's coordinates are logical pixels.
void paintGrid(QCPPainter& painter, const QList<LivePlot*>& plots, const FigureLayout& layout,
               const QString& caption) {
    const int columns = std::max(1, std::min(layout.columns, static_cast<int>(plots.size())));
    const int rows = (static_cast<int>(plots.size()) + columns - 1) / columns;
    const int captionStrip = captionHeight(plots, caption, layout.size.width());
    const LayerKey key = sharedLayerKey(plots);
    const int keyStrip =
        key.isEmpty() ? 0 : LayerLegend::stripHeight(key, plots.first()->theme(), layout.size.width());
    if (keyStrip > 0)
        LayerLegend::paintStrip(painter, key, plots.first()->theme(),
                                QRect(0, 0, layout.size.width(), keyStrip));
    const int cellWidth = layout.size.width() / columns;
    const int cellHeight = (layout.size.height() - keyStrip - captionStrip) / std::max(rows, 1);
    for (int i = 0; i < plots.size(); ++i) {
        LivePlot* plot = plots[i];
        const QCP::AntialiasedElements live = plot->antialiasedElements();
        plot->setAntialiasedElements(QCP::aeAll); // figures for talks are drawn smooth
        painter.save();
        painter.translate((i % columns) * cellWidth, keyStrip + (i / columns) * cellHeight);
        plot->layoutFor(QSize(cellWidth, cellHeight));
        plot->toPainter(&painter, cellWidth, cellHeight);
        plot->layoutFor(QSize());
        painter.restore();
        plot->setAntialiasedElements(live);
    }
    if (captionStrip > 0)
        paintCaption(painter, plots.first()->theme(), caption,
                     QRect(0, layout.size.height() - captionStrip, layout.size.width(), captionStrip));
}

Status writeBytes(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Status::failure(QString("%1: cannot write (%2)").arg(path, writeErrorText(file)));
    return success();
}

} // namespace

QImage renderFigure(const QList<LivePlot*>& plots, const FigureLayout& layout, const QString& caption) {
    QImage image(layout.size * layout.scale, QImage::Format_ARGB32_Premultiplied);
    // A device pixel ratio below 1 is not drawn reduced (the figure would be cropped): a figure laid
    // out larger than its pixels is scaled down by the painter instead.
    image.setDevicePixelRatio(std::max(layout.scale, 1.0));
    image.fill(plots.isEmpty() ? Qt::white : plots.first()->theme().background);
    QCPPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    if (layout.scale < 1.0)
        painter.scale(layout.scale, layout.scale);
    paintGrid(painter, plots, layout, caption);
    return image;
}

Status exportFigure(const QList<LivePlot*>& plots, const FigureLayout& layout, const QString& path,
                    const QString& caption) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png") {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!renderFigure(plots, layout, caption).save(&buffer, "PNG"))
            return Status::failure(QString("%1: cannot encode the PNG").arg(path));
        return writeBytes(path, bytes);
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(layout.size);
        svg.setResolution(96);
        svg.setViewBox(QRect(QPoint(0, 0), layout.size));
        svg.setTitle("RankScope figure");
        QCPPainter painter(&svg);
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        paintGrid(painter, plots, layout, caption);
    } else if (suffix == "pdf") {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(layout.size, QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle("RankScope figure");
        pdf.setCreator("RankScope");
        QCPPainter painter(&pdf);
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        const double toPage = pdf.width() / static_cast<double>(layout.size.width());
        painter.scale(toPage, toPage);
        paintGrid(painter, plots, layout, caption);
    } else {
        return Status::failure(
            QString("%1: unknown figure format \"%2\" (use .png, .pdf or .svg)").arg(path, suffix));
    }
    buffer.close();
    return writeBytes(path, buffer.data());
}

} // namespace rankscope
