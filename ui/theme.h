// Theme: the look of every plot and of the exported figures. Two themes: "light" for the desk and
// "talk" for the back of a lecture hall (large fonts, thick lines, high contrast). Layer colours are
// the Okabe-Ito palette, which stays distinguishable for colour-blind viewers and on projectors;
// the runs of a comparison take four of its colours that stay apart from the red theory curves.
#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QString>

namespace rankscope {

struct Theme {
    QString name; // "light" | "talk"
    QColor background;
    QColor foreground; // axes, tick labels, text
    QColor grid;
    QColor subGrid;
    QColor accent;        // the hidden-layer mean, the headline curve
    QColor theory;        // theoretical curves and thresholds
    QColor marker;        // change-event markers
    QList<QColor> layers; // per-layer colours, cycled
    QList<QColor> runs;   // one colour per run of a side-by-side comparison
    QFont tickFont;
    QFont labelFont;
    QFont titleFont;
    QFont legendFont;
    double lineWidth = 1.5; // per-layer curves; the mean is drawn 1.6x thicker
    double markerWidth = 1.0;

    QColor layerColor(int layerIndex) const { return layers[layerIndex % layers.size()]; }
    QColor runColor(int runIndex) const { return runs[runIndex % runs.size()]; }
    // The lighter tint of a curve's colour used for its held-out (test) counterpart.
    static QColor heldOutTint(const QColor& color);

    static Theme light();
    static Theme talk();
    static Theme byName(const QString& name); // unknown names give light()
};

} // namespace rankscope
