#include "window_layout.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace rankscope {

QWidget* plotColumn(const QList<QWidget*>& rows, int stretchRow) {
    auto* column = new QWidget;
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (int i = 0; i < rows.size(); ++i)
        layout->addWidget(rows[i], i == stretchRow ? 1 : 0);
    return column;
}

QWidget* besideControls(QWidget* controls, QWidget* plots, int controlsWidth, int totalWidth) {
    auto* splitter = new QSplitter;
    splitter->addWidget(controls);
    splitter->addWidget(plots);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({controlsWidth, totalWidth - controlsWidth});
    return splitter;
}

} // namespace rankscope
