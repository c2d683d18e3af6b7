#include "controls/panel_style.h"

#include <QHBoxLayout>
#include <QLabel>

namespace rankscope {
namespace {

const QColor kWarningColor(0xc0, 0, 0);

} // namespace

void setWarning(QLabel* label, bool warning) {
    QPalette palette;
    QFont font;
    if (warning) {
        palette.setColor(QPalette::WindowText, kWarningColor);
        font.setBold(true);
    }
    label->setPalette(palette);
    label->setFont(font);
}

QWidget* panelRow(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* container = new QWidget(parent);
    auto* layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* widget : widgets)
        layout->addWidget(widget);
    layout->addStretch();
    return container;
}

} // namespace rankscope
