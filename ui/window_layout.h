// The layout both windows share: the dashboard in a column of rows (messages above, the history
// scrubber below) that takes all spare height, and, where the window has controls, the controls in a
// resizable splitter beside that column.
#pragma once

#include <QList>

class QWidget;

namespace rankscope {

// A column of `rows` without margins or spacing; the row at `stretchRow` takes the spare height.
// Without rows, an empty column to fill later (its layout() is a QVBoxLayout).
QWidget* plotColumn(const QList<QWidget*>& rows = {}, int stretchRow = -1);

// `controls` left of `plots` in a splitter that gives resizes to the plots; controlsWidth is the
// initial share of a `totalWidth` window.
QWidget* besideControls(QWidget* controls, QWidget* plots, int controlsWidth, int totalWidth);

} // namespace rankscope
