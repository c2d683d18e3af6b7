// FigurePreset: the sizes a figure is exported at for a talk or a paper — 16:9 slides at 1920×1080 and
// 3840×2160, a 4:3 slide and a single paper column — and the scale that makes its text readable there.
//
// A preset fixes the output size and the height of the tick labels' digits as a share of the
// figure's height: 2.8% for one plot on a slide, readable from the back of a lecture hall. The figure
// is laid out at a smaller logical size and drawn magnified (FigureLayout::scale), so text, line
// widths, markers, ticks and margins all grow together with the figure, in the light and the talk
// theme alike. Several plots (the dashboard) are magnified as far as leaves every cell of the grid
// at least the smallest readable panel (panel_grid.h) in the theme's type size, and never beyond
// the one-plot share: their text is smaller (about 1.5% on a 16:9 slide), never cut. For the back
// row, export one plot per slide.
#pragma once

#include "figure_export.h"
#include "theme.h"

#include <QList>
#include <QSize>
#include <QString>
#include <optional>

namespace rankscope {

struct FigurePreset {
    QString name;        // the command line's --figure-preset value, e.g. "slide-16x9"
    QString description; // the export dialog's entry, e.g. "Slide 16:9, 1920 × 1080"
    QSize pixels;        // PNG size; PDF and SVG keep its proportions
    double tickShare;    // tick-label digit height / figure height: one plot, and the most for several
    int dashboardColumns;
};

QList<FigurePreset> figurePresets();
std::optional<FigurePreset> figurePresetByName(const QString& name);
// "slide-16x9, slide-16x9-4k, ..." for messages.
QString figurePresetNames();

// The layout that draws `plotCount` plots (the dashboard, or one plot) in `theme` at the preset's size:
// a logical size of the preset's proportions, magnified by `scale` to exactly preset.pixels, as far
// as the tick-label share and, for several plots, the readable cell size allow.
FigureLayout presetLayout(const FigurePreset& preset, const Theme& theme, int plotCount);

// The digit height of the theme's tick labels in logical pixels (what the preset's share is of).
double tickDigitHeight(const Theme& theme);

} // namespace rankscope
