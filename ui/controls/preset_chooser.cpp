#include "controls/preset_chooser.h"

#include "controls/panel_style.h"
#include "io/preset_library.h"

#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>

namespace rankscope {

PresetChooser::PresetChooser(QWidget* parent)
    : QGroupBox("Preset", parent)
    , m_preset(new QComboBox(this))
    , m_title(new QLabel(this))
    , m_description(new QLabel(this)) {
    m_preset->setObjectName("preset");
    for (const QString& name : builtinPresetNames()) {
        const Result<RunConfig> preset = resolvePreset(name);
        m_preset->addItem(name, name);
        m_preset->setItemData(m_preset->count() - 1, preset ? preset->name : preset.error(), Qt::ToolTipRole);
    }
    m_preset->addItem("Custom");
    m_preset->setItemData(m_preset->count() - 1, "Settings not from a built-in preset (a file, or your own)",
                          Qt::ToolTipRole);
    m_preset->setToolTip(
        "Built-in experiments; choosing one (again) restores its settings and restarts the run");
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold;
    bold.setBold(true);
    m_title->setFont(bold);
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_preset);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    connect(m_preset, &QComboBox::activated, this, &PresetChooser::onActivated);
}

void PresetChooser::showConfig(const RunConfig& config) {
    const int preset = m_preset->findData(config.name, Qt::ToolTipRole);
    m_preset->setCurrentIndex(preset >= 0 ? preset : m_preset->count() - 1);
    m_title->setText(config.name);
    m_description->setText(config.description.isEmpty() ? "No description." : config.description);
    setWarning(m_description, false);
}

void PresetChooser::setCompact(bool compact) {
    m_title->setVisible(!compact);
    m_description->setVisible(!compact);
}

void PresetChooser::onActivated(int index) {
    const QString name = m_preset->itemData(index).toString();
    if (name.isEmpty()) // "Custom": keep the current settings
        return;
    Result<RunConfig> preset = resolvePreset(name);
    if (!preset) {
        m_title->setText(QString("Could not load the preset \"%1\"").arg(name));
        m_description->setText(preset.error());
        setWarning(m_description, true);
        return;
    }
    emit presetChosen(preset.value());
}

} // namespace rankscope
