#include "figure_export.h"

#include "io/write_error.h"
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

constexpr double kCaptionLineHeights = 1.6; // the caption's strip, in lines of its font
constexpr double kCaptionMinScale = 0.7;    // a long caption shrinks this far, then is elided

// Draws the caption centred in the strip below the plots, shrunk or elided to fit its width.
void paintCaption(QCPPainter& painter, const Theme& theme, const QString& caption, const QRect& strip) {
    QFont font = theme.legendFont;
    const double room = 0.96 * strip.width();
    if (const double wide = QFontMetricsF(font).horizontalAdvance(caption); wide > room)
        font.setPointSizeF(font.pointSizeF() * std::max(room / wide, kCaptionMinScale));
    painter.setFont(font);
    painter.setPen(theme.foreground);
    const QString shown = QFontMetricsF(font).elidedText(caption, Qt::ElideRight, room);
    painter.drawText(strip, Qt::AlignCenter, shown);
}

int captionHeight(const QList<LivePlot*>& plots, const QString& caption) {
    if (caption.isEmpty() || plots.isEmpty())
        return 0;
    return static_cast<int>(
        std::ceil(kCaptionLineHeights * QFontMetricsF(plots.first()->theme().legendFont).height()));
}

// Draws every plot into its grid cell, and the caption below; the painter's coordinates are logical pixels.
void paintGrid(QCPPainter& painter, const QList<LivePlot*>& plots, const FigureLayout& layout,
               const QString& caption) {
    const int columns = std::max(1, std::min(layout.columns, static_cast<int>(plots.size())));
    const int rows = (static_cast<int>(plots.size()) + columns - 1) / columns;
    const int captionStrip = captionHeight(plots, caption);
    const int cellWidth = layout.size.width() / columns;
    const int cellHeight = (layout.size.height() - captionStrip) / std::max(rows, 1);
    for (int i = 0; i < plots.size(); ++i) {
        LivePlot* plot = plots[i];
        const QCP::AntialiasedElements live = plot->antialiasedElements();
        plot->setAntialiasedElements(QCP::aeAll); // figures for talks are drawn smooth
        painter.save();
        painter.translate((i % columns) * cellWidth, (i / columns) * cellHeight);
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
