// PresetChooser: the built-in presets in a combo box, with the shown configuration's name and
// description under it. Choosing a preset (again) emits presetChosen() with its settings; a preset
// that cannot be loaded shows its error in red instead. Settings not from a built-in preset show as
// "Custom". Leaves out: opening preset files (the main window's File menu).
#pragma once

#include "common/run_config.h"

#include <QGroupBox>

class QComboBox;
class QLabel;

namespace rankscope {

class PresetChooser : public QGroupBox {
    Q_OBJECT

public:
    explicit PresetChooser(QWidget* parent = nullptr);

    void showConfig(const RunConfig& config); // selects its preset (or Custom); no signal
    // Only the combo box (presentation mode: the lecturer switches presets in front of the class).
    void setCompact(bool compact);

signals:
    void presetChosen(const rankscope::RunConfig& config);

private:
    void onActivated(int index);

    QComboBox* m_preset;
    QLabel* m_title;
    QLabel* m_description;
};

} // namespace rankscope
