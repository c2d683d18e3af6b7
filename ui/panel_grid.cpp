#include "panel_grid.h"

#include <QGridLayout>
#include <QWidget>

namespace rankscope {

QList<PanelPlacement> placePanels(const QList<int>& shown, int large, int columns) {
    QList<PanelPlacement> placements;
    int row = 0;
    int column = 0;
    const int others = static_cast<int>(shown.size()) - (shown.contains(large) ? 1 : 0);
    int placedOthers = 0;
    if (shown.contains(large))
        row = 1; // row 0 is the large panel's
    for (const int panel : shown) {
        if (panel == large) {
            placements.append({.row = 0, .column = 0, .columnSpan = columns, .rowStretch = 2});
            continue;
        }
        const bool lastAlone = column == 0 && placedOthers == others - 1;
        placements.append(
            {.row = row, .column = column, .columnSpan = lastAlone ? columns : 1, .rowStretch = 1});
        ++placedOthers;
        if (++column == columns) {
            column = 0;
            ++row;
        }
    }
    return placements;
}

void arrangePanels(QGridLayout* grid, const QList<QWidget*>& panels, const QList<int>& shown, int large,
                   int columns) {
    for (QWidget* panel : panels)
        grid->removeWidget(panel);
    for (int row = 0; row < grid->rowCount(); ++row)
        grid->setRowStretch(row, 0);
    const QList<PanelPlacement> placements = placePanels(shown, large, columns);
    for (int i = 0; i < panels.size(); ++i)
        panels[i]->setVisible(shown.contains(i));
    for (int i = 0; i < shown.size(); ++i) {
        const PanelPlacement& place = placements[i];
        grid->addWidget(panels[shown[i]], place.row, place.column, 1, place.columnSpan);
        grid->setRowStretch(place.row, place.rowStretch);
    }
}

} // namespace rankscope
