#include "export/figure_preset.h"

#include "panel_grid.h"

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace rankscope {

QList<FigurePreset> figurePresets() {
    // Slides: 2.8% keeps the measured digits above the 2.5% that reads from the back row. The paper column
    // (3.5 × 2.5 in at 300 dpi) gets about 7 pt type once placed at column width.
    return {
        {"slide-16x9", "Slide 16:9, 1920 × 1080", QSize(1920, 1080), 0.028, 3},
        {"slide-16x9-4k", "Slide 16:9, 3840 × 2160 (4K)", QSize(3840, 2160), 0.028, 3},
        {"slide-4x3", "Slide 4:3, 1600 × 1200", QSize(1600, 1200), 0.028, 2},
        {"paper-column", "Paper, one column (3.5 × 2.5 in at 300 dpi)", QSize(1050, 750), 0.028, 2},
    };
}

std::optional<FigurePreset> figurePresetByName(const QString& name) {
    for (const FigurePreset& preset : figurePresets())
        if (preset.name == name)
            return preset;
    return std::nullopt;
}

QString figurePresetNames() {
    QStringList names;
    for (const FigurePreset& preset : figurePresets())
        names << preset.name;
    return names.join(", ");
}

double tickDigitHeight(const Theme& theme) {
    return QFontMetricsF(theme.tickFont).capHeight();
}

FigureLayout presetLayout(const FigurePreset& preset, const Theme& theme, int plotCount) {
    const int width = preset.pixels.width(), height = preset.pixels.height();
    FigureLayout layout;
    layout.columns = std::clamp(preset.dashboardColumns, 1, std::max(plotCount, 1));
    const int rows = (std::max(plotCount, 1) + layout.columns - 1) / layout.columns;
    const double forText = preset.tickShare * height / tickDigitHeight(theme); // magnification
    // The readable panel in this theme's type: the talk theme's minimum, scaled by the type size.
    const double type = theme.tickFont.pointSizeF() / Theme::talk().tickFont.pointSizeF();
    const double forCells = plotCount > 1 ? std::min(width / (layout.columns * kMinPanelSize.width() * type),
                                                     height / (rows * kMinPanelSize.height() * type))
                                          : forText;
    // The logical size is a whole multiple of the reduced aspect ratio (16:9 -> k * (16, 9)), so that
    // the magnification maps it onto exactly preset.pixels. Rounding k down keeps the text's share at
    // least the preset's; rounding it up keeps the cells at least the readable size.
    const int unit = std::gcd(width, height);
    const int unitWidth = width / unit, unitHeight = height / unit;
    const double units = height / std::min(forText, forCells) / unitHeight;
    const int k = std::max(1, static_cast<int>(forText <= forCells ? std::floor(units) : std::ceil(units)));
    layout.size = QSize(unitWidth * k, unitHeight * k);
    layout.scale = static_cast<double>(height) / layout.size.height();
    return layout;
}

} // namespace rankscope
