#include "controls/control_panel.h"

#include "controls/preset_chooser.h"
#include "controls/run_settings.h"
#include "controls/train_knobs.h"
#include "controls/transport_controls.h"
#include "io/preset_library.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace rankscope {
namespace {

constexpr double kPresentationFontScale = 1.35;

} // namespace

ControlPanel::ControlPanel(QWidget* parent)
    : QWidget(parent)
    , m_content(new QWidget)
    , m_presets(new PresetChooser(m_content))
    , m_transport(new TransportControls(m_content))
    , m_knobs(new TrainKnobs(m_content)) {
    auto* content = new QVBoxLayout(m_content);
    content->addWidget(m_presets);
    content->addWidget(m_transport);
    content->addWidget(m_knobs);
    content->addWidget(makeSettingsSection());
    content->addStretch();

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_presets, &PresetChooser::presetChosen, this, [this](const RunConfig& preset) {
        setConfig(preset);
        emit presetChosen(preset);
    });
    connect(m_transport, &TransportControls::startPauseClicked, this, &ControlPanel::startPauseClicked);
    connect(m_transport, &TransportControls::stepClicked, this, &ControlPanel::stepClicked);
    connect(m_transport, &TransportControls::resetClicked, this, &ControlPanel::resetClicked);
    connect(m_transport, &TransportControls::speedChanged, this, &ControlPanel::speedChanged);
    connect(m_knobs, &TrainKnobs::trainEdited, this, &ControlPanel::trainChanged);
    connect(m_knobs, &TrainKnobs::editedRunChanged, this, &ControlPanel::editedRunChanged);
    setConfig(defaultPreset());
}

// The mouse wheel over a slider, spin box or combo box scrolls the panel unless that widget has
// focus (click it first): scrolling past a knob must not change the learning rate mid-lecture, nor
// a combo box switch the preset and restart the run. Run settings can add widgets (a CNN's conv
// blocks), so this runs again after each of their edits and each new config; a filter installed twice
// still filters once.
void ControlPanel::guardAgainstWheel() {
    for (QWidget* widget : m_content->findChildren<QWidget*>()) {
        if (qobject_cast<QAbstractSlider*>(widget) || qobject_cast<QAbstractSpinBox*>(widget) ||
            qobject_cast<QComboBox*>(widget)) {
            widget->setFocusPolicy(Qt::StrongFocus);
            widget->installEventFilter(this);
        }
    }
}

bool ControlPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Wheel && !static_cast<QWidget*>(watched)->hasFocus()) {
        event->ignore(); // the scroll area gets it
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QWidget* ControlPanel::makeSettingsSection() {
    m_settingsSection = new QWidget(m_content);
    auto* toggle = new QToolButton(m_settingsSection);
    toggle->setObjectName("settingsToggle");
    toggle->setText("Model && data");
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setCheckable(true);
    toggle->setAutoRaise(true);
    toggle->setToolTip("Network shape, data set, loss and seed (changing them restarts the run)");
    m_runSettings = new RunSettings(m_settingsSection);
    m_runSettings->setVisible(false);
    auto* layout = new QVBoxLayout(m_settingsSection);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toggle);
    layout->addWidget(m_runSettings);
    connect(toggle, &QToolButton::toggled, this, [this, toggle](bool open) {
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_runSettings->setVisible(open);
    });
    connect(m_runSettings, &RunSettings::changed, this, &ControlPanel::onRunSettingsChanged);
    return m_settingsSection;
}

void ControlPanel::setConfig(const RunConfig& config) {
    m_config = config;
    m_presets->showConfig(config);
    m_runSettings->setConfig(config);
    m_runSettings->showProblem({});
    m_knobs->setRankEps(config.metrics.rank_eps);
    m_knobs->setRuns({config.name}, {});
    m_knobs->showTrain(config.train);
    guardAgainstWheel();
}

RunConfig ControlPanel::config() const {
    RunConfig config = m_runSettings->applyTo(m_config);
    config.train = m_knobs->train();
    return config;
}

void ControlPanel::setRuns(const QStringList& labels, const QList<QColor>& colors) {
    m_knobs->setRuns(labels, colors);
}

int ControlPanel::editedRun() const {
    return m_knobs->editedRun();
}

void ControlPanel::setEditedRun(int run) {
    m_knobs->setEditedRun(run);
}

void ControlPanel::showTrain(int run, const TrainConfig& train) {
    if (run == m_knobs->editedRun())
        m_knobs->showTrain(train);
}

void ControlPanel::setRunning(bool running) {
    m_transport->setRunning(running);
}

void ControlPanel::setPresentationMode(bool on) {
    m_presets->setCompact(on);
    m_settingsSection->setVisible(!on);
    m_transport->setPresentationMode(on);
    m_knobs->setPresentationMode(on);
    QFont larger = font();
    larger.setPointSizeF(larger.pointSizeF() * kPresentationFontScale);
    m_content->setFont(on ? larger : QFont());
}

void ControlPanel::setSpeed(double stepsPerSecond) {
    m_transport->setSpeed(stepsPerSecond);
}

double ControlPanel::speed() const {
    return m_transport->speed();
}

QPushButton* ControlPanel::startPauseButton() const {
    return m_transport->startPauseButton();
}

QPushButton* ControlPanel::stepButton() const {
    return m_transport->stepButton();
}

QPushButton* ControlPanel::resetButton() const {
    return m_transport->resetButton();
}

void ControlPanel::onRunSettingsChanged() {
    guardAgainstWheel();
    const RunConfig next = config();
    const QString problem = next.validate();
    m_runSettings->showProblem(problem);
    if (problem.isEmpty())
        emit runSettingsChanged(next);
}

} // namespace rankscope
