// PanelGrid: places the dashboard's panels in a grid. Panels appear in reading order, `columns` to a
// row; a hidden panel leaves no gap. The large panel, if any, takes the whole first row at twice the
// height of the others, and a last row with one panel gives it the whole row, so no cell is empty.
// Leaves out: which panels show and which is large (the preset's lecture settings, Dashboard).
#pragma once

#include <QList>
#include <QSize>

class QGridLayout;
class QWidget;

namespace rankscope {

// The smallest panel whose title, legend, tick labels and axis labels stay whole in the talk theme's
// type at scale 1: presentation mode never shows a smaller one, and a figure of several panels is
// never magnified so far that its cells would be smaller (in the theme's own type size).
constexpr QSize kMinPanelSize{560, 360};

struct PanelPlacement {
    int row = 0;
    int column = 0;
    int columnSpan = 1;
    int rowStretch = 1;
};

// Where each shown panel goes: `shown` lists panel indices in reading order, `large` is one of them
// or -1. Returns one placement per entry of `shown`.
QList<PanelPlacement> placePanels(const QList<int>& shown, int large, int columns);

// Empties `grid` and lays out `panels[shown[i]]` as placePanels() says; hides every other panel.
void arrangePanels(QGridLayout* grid, const QList<QWidget*>& panels, const QList<int>& shown, int large,
                   int columns);

} // namespace rankscope
