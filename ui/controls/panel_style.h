// Small layout and styling helpers shared by the control panel's widgets.
#pragma once

#include <QColor>
#include <initializer_list>

class QLabel;
class QSpinBox;
class QString;
class QWidget;

namespace rankscope {

// Red and bold, or back to the inherited look. Palette and font rather than a style sheet, so the
// label still follows its parent's font (presentation mode enlarges it).
void setWarning(QLabel* label, bool warning);

// A whole-number setting that restarts the run: it commits (valueChanged) on Enter, focus out and
// arrow steps, not on every keystroke, so typing "128" does not restart the run at 1 and 12.
QSpinBox* settingSpinBox(const QString& name, int min, int max, const QString& toolTip, QWidget* parent);

// The widgets side by side, left-aligned, in a container without margins.
QWidget* panelRow(QWidget* parent, std::initializer_list<QWidget*> widgets);

} // namespace rankscope
