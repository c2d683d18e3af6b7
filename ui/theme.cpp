#include "theme.h"

#include <algorithm>

namespace rankscope {
namespace {

QList<QColor> okabeIto() {
    return {QColor(0, 114, 178),  QColor(230, 159, 0), QColor(0, 158, 115),  QColor(204, 121, 167),
            QColor(86, 180, 233), QColor(213, 94, 0),  QColor(240, 228, 66), QColor(0, 0, 0)};
}

QFont font(int pointSize, bool bold = false) {
    QFont f("DejaVu Sans");
    f.setPointSize(pointSize);
    f.setBold(bold);
    return f;
}

// Blue, orange, bluish green, reddish purple: far from each other and from the theory red.
QList<QColor> comparisonColors() {
    return {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115), QColor(204, 121, 167)};
}

} // namespace

QColor Theme::heldOutTint(const QColor& color) {
    return QColor::fromHsvF(color.hsvHueF(), 0.45 * color.hsvSaturationF(),
                            std::min(1.0, 1.15 * color.valueF()));
}

Theme Theme::light() {
    Theme t;
    t.name = "light";
    t.background = Qt::white;
    t.foreground = QColor(30, 30, 30);
    t.grid = QColor(210, 210, 210);
    t.subGrid = QColor(235, 235, 235);
    t.accent = QColor(20, 20, 20);
    t.theory = QColor(200, 30, 30);
    t.marker = QColor(120, 120, 120);
    t.layers = okabeIto();
    t.runs = comparisonColors();
    t.tickFont = font(9);
    t.labelFont = font(10);
    t.titleFont = font(11, true);
    t.legendFont = font(9);
    t.lineWidth = 1.5;
    t.markerWidth = 1.0;
    return t;
}

Theme Theme::talk() {
    Theme t = light();
    t.name = "talk";
    t.foreground = Qt::black;
    t.grid = QColor(185, 185, 185);
    t.subGrid = QColor(225, 225, 225);
    t.accent = Qt::black;
    t.marker = QColor(90, 90, 90);
    t.layers.removeLast(); // black is the mean's colour in this theme
    t.tickFont = font(15);
    t.labelFont = font(17, true);
    t.titleFont = font(20, true);
    t.legendFont = font(15);
    t.lineWidth = 3.5;
    t.markerWidth = 2.5;
    return t;
}

Theme Theme::byName(const QString& name) {
    return name == "talk" ? talk() : light();
}

} // namespace rankscope
