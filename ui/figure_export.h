// Figure export for talks: one plot or the whole dashboard to PNG (chosen pixel size and scale), PDF
// or SVG (vector), or to the clipboard. Every plot is drawn with QCustomPlot::toPainter into its cell
// of a grid, so the PNG, PDF and SVG of a figure show the same layout, and the headless runner's
// --export-png uses exactly this code. When the plots draw each layer, the layers are keyed once in a
// strip above them (layer_legend.h), as the dashboard keys them. An optional caption line under the
// plots names the run's settings (export/run_caption.h); slide and paper sizes are
// export/figure_preset.h's.
#pragma once

#include "common/result.h"

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

namespace rankscope {

class LivePlot;

struct FigureLayout {
    QSize size{1600, 1200}; // logical size in pixels (PDF/SVG: points at 96 dpi)
    double scale = 1.0;     // PNG/clipboard: device pixels per logical pixel (2 = sharp on a 4K projector)
    int columns = 2;
};

// Format by the file's suffix: .png, .pdf or .svg; anything else is an error naming the file.
// A caption is one line under the plots, in the plots' legend font.
Status exportFigure(const QList<LivePlot*>& plots, const FigureLayout& layout, const QString& path,
                    const QString& caption = {});

// The figure as an image of size * scale device pixels (PNG export and clipboard).
QImage renderFigure(const QList<LivePlot*>& plots, const FigureLayout& layout, const QString& caption = {});

} // namespace rankscope
