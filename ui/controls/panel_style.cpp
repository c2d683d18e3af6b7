#include "controls/panel_style.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

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

QSpinBox* settingSpinBox(const QString& name, int min, int max, const QString& toolTip, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setKeyboardTracking(false);
    box->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    box->setToolTip(toolTip);
    return box;
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
