// ControlPanel (control_panel.h). The lr·wd readout: with weight decay every step multiplies the
// weights by (1 - lr wd), so past updates fade over about ln(2/eps) / (lr wd) steps (DESIGN.md "Time
// scale"; eps = metrics.rank_eps); lr wd >= 1e-2 shrank every network tried to nothing.
#include "controls/control_panel.h"

#include "controls/log_slider.h"
#include "controls/run_settings.h"
#include "io/preset_library.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>

namespace rankscope {
namespace {

constexpr std::array<double, 13> kSpeeds = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
constexpr int kUnlimitedPosition = static_cast<int>(kSpeeds.size());
constexpr double kCollapseLrWd = 1e-2;
constexpr double kPresentationFontScale = 1.35;
const QColor kWarningColor(0xc0, 0, 0);

// 1.0e-3 rather than 1.0e-03.
QString scientific(double value) {
    static const QRegularExpression exponent(R"(e\+?(-?)0*(\d))");
    return QString::number(value, 'e', 1).replace(exponent, "e\\1\\2");
}

// Two significant digits with thousands separators: 7,600.
QString roughCount(double n) {
    const double unit = std::pow(10.0, std::floor(std::log10(n)) - 1);
    return QLocale(QLocale::English).toString(static_cast<qlonglong>(std::round(n / unit) * unit));
}

// Red and bold, or back to the inherited look. Palette and font rather than a style sheet, so the
// label still follows its parent's font (presentation mode enlarges it).
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

QWidget* row(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* container = new QWidget(parent);
    auto* layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* widget : widgets)
        layout->addWidget(widget);
    layout->addStretch();
    return container;
}

} // namespace

ControlPanel::ControlPanel(QWidget* parent)
    : QWidget(parent)
    , m_content(new QWidget) {
    auto* content = new QVBoxLayout(m_content);
    content->addWidget(makePresetGroup());
    content->addWidget(makeRunGroup());
    content->addWidget(makeTrainingGroup());
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
    guardAgainstWheel();
    setConfig(defaultPreset());
}

// The mouse wheel over a slider, spin box or combo box scrolls the panel unless that widget has
// focus (click it first): scrolling past a knob must not change the learning rate mid-lecture, nor
// a combo box switch the preset and restart the run.
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

QWidget* ControlPanel::makePresetGroup() {
    auto* group = new QGroupBox("Preset", m_content);
    m_preset = new QComboBox(group);
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
    m_presetTitle = new QLabel(group);
    m_presetTitle->setWordWrap(true);
    m_presetTitle->setTextFormat(Qt::PlainText);
    QFont bold;
    bold.setBold(true);
    m_presetTitle->setFont(bold);
    m_description = new QLabel(group);
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_preset);
    layout->addWidget(m_presetTitle);
    layout->addWidget(m_description);
    connect(m_preset, &QComboBox::activated, this, &ControlPanel::onPresetActivated);
    m_hiddenInPresentation << group;
    return group;
}

QWidget* ControlPanel::makeRunGroup() {
    auto* group = new QGroupBox("Run", m_content);
    m_startPause = new QPushButton(group);
    m_step = new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipForward), "Step", group);
    m_step->setToolTip("One training step, while paused (S or →)");
    m_reset = new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), "Reset", group);
    m_reset->setToolTip("Restart from step 0: new initial weights from the seed, same settings (R)");
    setRunning(false);

    m_speed = new QSlider(Qt::Horizontal, group);
    m_speed->setRange(0, kUnlimitedPosition);
    m_speed->setPageStep(3);
    m_speed->setValue(kUnlimitedPosition);
    m_speed->setObjectName("speed");
    m_speedReadout = new QLabel(group);
    const QString speedTip = "Caps training at 1, 2, 5, 10, ... 10000 steps per second, or Unlimited.\n"
                             "A collapse that takes half a second at full speed plays at lecture pace.";
    m_speed->setToolTip(speedTip);
    m_speedReadout->setToolTip(speedTip);
    updateSpeedReadout();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_startPause);
    buttons->addWidget(m_step);
    buttons->addWidget(m_reset);
    auto* layout = new QVBoxLayout(group);
    layout->addLayout(buttons);
    layout->addWidget(m_speedReadout);
    layout->addWidget(m_speed);

    connect(m_startPause, &QPushButton::clicked, this, &ControlPanel::startPauseClicked);
    connect(m_step, &QPushButton::clicked, this, &ControlPanel::stepClicked);
    connect(m_reset, &QPushButton::clicked, this, &ControlPanel::resetClicked);
    connect(m_speed, &QSlider::valueChanged, this, [this] {
        updateSpeedReadout();
        emit speedChanged(speed());
    });
    m_hiddenInPresentation << m_step << m_reset;
    return group;
}

QWidget* ControlPanel::makeTrainingGroup() {
    auto* group = new QGroupBox("Training (applies live)", m_content);
    m_sgd = new QRadioButton("SGD", group);
    m_sgd->setToolTip("Mini-batch SGD: each step uses B random training samples");
    m_fullBatch = new QRadioButton("Full-batch GD", group);
    m_fullBatch->setObjectName("fullBatch");
    m_fullBatch->setToolTip("Gradient descent on the whole training set: no noise floor");

    m_batch = new LogSlider("Batch size B",
                            {.sliderMin = 1, .sliderMax = 4096, .valueMax = 1e7, .integer = true}, group);
    m_batch->setObjectName("batchSize");
    m_batch->setToolTip("Smaller batches → noisier updates → lower rank; compare at equal epochs or time,\n"
                        "not equal steps. Slider: powers of two up to 4096; type any size up to 10,000,000.");
    m_lr = new LogSlider("Learning rate lr",
                         {.sliderMin = 1e-4, .sliderMax = 10, .valueMax = 1e6, .allowZero = true}, group);
    m_lr->setObjectName("learningRate");
    m_lr->setToolTip(
        "Step size of SGD: W ← W − lr (∇L + wd W). Slider 0 (frozen: a control) and 1e-4 to 10;\n"
        "type any value up to 1e6.");
    m_wd = new LogSlider("Weight decay wd",
                         {.sliderMin = 1e-6, .sliderMax = 1, .valueMax = 1e6, .allowZero = true}, group);
    m_wd->setObjectName("weightDecay");
    m_wd->setToolTip(
        "PyTorch convention W ← W − lr (∇L + wd W), applied to weights and biases;\n"
        "the paper's λ = wd/2. The slider's leftmost position is 0 (off): the rank stops falling.");
    m_lrWd = new QLabel(group);
    m_lrWd->setObjectName("lrWdReadout");
    m_lrWd->setWordWrap(true);
    m_lrWd->setTextFormat(Qt::PlainText);
    m_lrWd->setToolTip("Past updates fade over ≈ ln(2/ε)/(lr·wd) steps (ε = the rank threshold);\n"
                       "lr·wd ≥ 1e-2 collapses the network (rank 0, chance accuracy).\n"
                       "Useful demos sit near lr·wd = 1e-4 to 3e-3.");
    m_momentum = new QDoubleSpinBox(group);
    m_momentum->setObjectName("momentum");
    m_momentum->setRange(0, 0.999);
    m_momentum->setDecimals(3);
    m_momentum->setSingleStep(0.1);
    m_momentum->setKeyboardTracking(false);
    m_momentum->setSpecialValueText("0 (off)");
    m_momentum->setToolTip(
        "Heavy-ball momentum μ as torch.optim.SGD: buf ← μ buf + (∇L + wd W), W ← W − lr buf");
    auto* momentumTitle = new QLabel("Momentum", group);
    momentumTitle->setBuddy(m_momentum);

    m_runChoice = new QComboBox(group);
    m_runChoice->setObjectName("runChoice");
    m_runChoice->setToolTip("Comparing runs: the run these knobs change. Each run keeps its own settings.");
    auto* runTitle = new QLabel("Run", group);
    runTitle->setBuddy(m_runChoice);
    m_runRow = row(group, {runTitle, m_runChoice});
    m_runRow->setVisible(false);
    connect(m_runChoice, &QComboBox::activated, this, &ControlPanel::setEditedRun);

    QWidget* modeRow = row(group, {m_sgd, m_fullBatch});
    QWidget* momentumRow = row(group, {momentumTitle, m_momentum});
    auto* layout = new QVBoxLayout(group);
    layout->addWidget(m_runRow);
    layout->addWidget(modeRow);
    layout->addWidget(m_batch);
    layout->addWidget(m_lr);
    layout->addWidget(m_wd);
    layout->addWidget(m_lrWd);
    layout->addWidget(momentumRow);

    for (LogSlider* knob : {m_batch, m_lr, m_wd})
        connect(knob, &LogSlider::valueChanged, this, &ControlPanel::onTrainEdited);
    connect(m_momentum, &QDoubleSpinBox::valueChanged, this, &ControlPanel::onTrainEdited);
    connect(m_fullBatch, &QRadioButton::toggled, this, &ControlPanel::onTrainEdited);
    m_hiddenInPresentation << modeRow << momentumRow;
    return group;
}

QWidget* ControlPanel::makeSettingsSection() {
    auto* section = new QWidget(m_content);
    m_settingsToggle = new QToolButton(section);
    m_settingsToggle->setObjectName("settingsToggle");
    m_settingsToggle->setText("Model && data");
    m_settingsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_settingsToggle->setArrowType(Qt::RightArrow);
    m_settingsToggle->setCheckable(true);
    m_settingsToggle->setAutoRaise(true);
    m_settingsToggle->setToolTip("Network shape, data set, loss and seed (changing them restarts the run)");
    m_runSettings = new RunSettings(section);
    m_runSettings->setVisible(false);
    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_settingsToggle);
    layout->addWidget(m_runSettings);
    connect(m_settingsToggle, &QToolButton::toggled, this, [this](bool open) {
        m_settingsToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_runSettings->setVisible(open);
    });
    connect(m_runSettings, &RunSettings::changed, this, &ControlPanel::onRunSettingsChanged);
    m_hiddenInPresentation << section;
    return section;
}

void ControlPanel::setConfig(const RunConfig& config) {
    m_populating = true;
    m_config = config;
    const int preset = m_preset->findData(config.name, Qt::ToolTipRole);
    m_preset->setCurrentIndex(preset >= 0 ? preset : m_preset->count() - 1);
    showDescription(config);
    m_runSettings->setConfig(config);
    m_runSettings->showProblem({});
    m_populating = false;
    setRuns({config.name}, {}, {config.train});
}

void ControlPanel::setRuns(const QStringList& labels, const QList<QColor>& colors,
                           const std::vector<TrainConfig>& trains) {
    Q_ASSERT(labels.size() == static_cast<qsizetype>(trains.size()) && !trains.empty());
    m_runTrains = trains;
    m_runChoice->clear();
    for (int i = 0; i < labels.size(); ++i) {
        QPixmap swatch(14, 14);
        swatch.fill(i < colors.size() ? colors[i] : palette().color(QPalette::Text));
        m_runChoice->addItem(QIcon(swatch), labels[i]);
    }
    m_runRow->setVisible(labels.size() > 1);
    m_editedRun = std::min<int>(m_editedRun, labels.size() - 1);
    m_runChoice->setCurrentIndex(m_editedRun);
    showTrain(m_runTrains[m_editedRun]);
}

void ControlPanel::setEditedRun(int run) {
    if (run < 0 || run >= static_cast<int>(m_runTrains.size()))
        return;
    m_editedRun = run;
    m_runChoice->setCurrentIndex(run);
    showTrain(m_runTrains[run]);
}

void ControlPanel::setRunTrain(int run, const TrainConfig& train) {
    if (run < 0 || run >= static_cast<int>(m_runTrains.size()))
        return;
    m_runTrains[run] = train;
    if (run == m_editedRun)
        showTrain(train);
}

void ControlPanel::showTrain(const TrainConfig& train) {
    m_populating = true;
    m_sgd->setChecked(!train.full_batch);
    m_fullBatch->setChecked(train.full_batch);
    m_batch->setValue(train.batch_size);
    m_batch->setEnabled(!train.full_batch);
    m_lr->setValue(train.lr);
    m_wd->setValue(train.weight_decay);
    m_momentum->setValue(train.momentum);
    m_populating = false;
    updateLrWdReadout();
}

RunConfig ControlPanel::config() const {
    RunConfig config = m_runSettings->applyTo(m_config);
    config.train = trainConfig();
    return config;
}

void ControlPanel::setRunning(bool running) {
    if (m_shownRunning == running)
        return;
    m_shownRunning = running;
    m_startPause->setText(running ? "Pause" : "Start");
    m_startPause->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_startPause->setToolTip(running ? "Pause training (Space)" : "Start training (Space)");
}

void ControlPanel::setPresentationMode(bool on) {
    for (QWidget* widget : std::as_const(m_hiddenInPresentation))
        widget->setVisible(!on);
    QFont larger = font();
    larger.setPointSizeF(larger.pointSizeF() * kPresentationFontScale);
    m_content->setFont(on ? larger : QFont());
}

void ControlPanel::setSpeed(double stepsPerSecond) {
    const auto closerOnLogScale = [stepsPerSecond](double a, double b) {
        return std::abs(std::log(a / stepsPerSecond)) < std::abs(std::log(b / stepsPerSecond));
    };
    const auto nearest = std::min_element(kSpeeds.begin(), kSpeeds.end(), closerOnLogScale);
    const QSignalBlocker block(m_speed);
    m_speed->setValue(stepsPerSecond > 0 ? static_cast<int>(nearest - kSpeeds.begin()) : kUnlimitedPosition);
    updateSpeedReadout();
}

double ControlPanel::speed() const {
    return m_speed->value() == kUnlimitedPosition ? 0 : kSpeeds[m_speed->value()];
}

TrainConfig ControlPanel::trainConfig() const {
    TrainConfig train = m_runTrains.empty() ? m_config.train : m_runTrains[m_editedRun];
    train.batch_size = static_cast<int>(std::llround(m_batch->value()));
    train.lr = m_lr->value();
    train.weight_decay = m_wd->value();
    train.momentum = m_momentum->value();
    train.full_batch = m_fullBatch->isChecked();
    return train;
}

void ControlPanel::onPresetActivated(int index) {
    const QString name = m_preset->itemData(index).toString();
    if (name.isEmpty()) // "Custom": keep the current settings
        return;
    Result<RunConfig> preset = resolvePreset(name);
    if (!preset) {
        m_presetTitle->setText(QString("Could not load the preset \"%1\"").arg(name));
        m_description->setText(preset.error());
        setWarning(m_description, true);
        return;
    }
    setConfig(preset.value());
    emit presetChosen(preset.value());
}

void ControlPanel::onTrainEdited() {
    if (m_populating)
        return;
    m_batch->setEnabled(!m_fullBatch->isChecked());
    updateLrWdReadout();
    m_runTrains[m_editedRun] = trainConfig();
    emit trainChanged(m_runTrains[m_editedRun]);
}

void ControlPanel::onRunSettingsChanged() {
    const RunConfig next = config();
    const QString problem = next.validate();
    m_runSettings->showProblem(problem);
    if (problem.isEmpty())
        emit runSettingsChanged(next);
}

void ControlPanel::showDescription(const RunConfig& config) {
    m_presetTitle->setText(config.name);
    m_description->setText(config.description.isEmpty() ? "No description." : config.description);
    setWarning(m_description, false);
}

void ControlPanel::updateLrWdReadout() {
    const double lrWd = m_lr->value() * m_wd->value();
    const bool collapses = lrWd >= kCollapseLrWd;
    if (lrWd == 0) {
        m_lrWd->setText("lr·wd = 0 → past updates never fade: no rank decline");
    } else {
        const double steps = std::log(2 / m_config.metrics.rank_eps) / lrWd;
        m_lrWd->setText(QString("lr·wd = %1 → %2 to fade%3")
                            .arg(scientific(lrWd))
                            .arg(steps < 1 ? QString("< 1 step") : "~" + roughCount(steps) + " steps")
                            .arg(collapses ? "\n⚠ lr·wd ≥ 1e-2: the weights collapse to zero" : ""));
    }
    setWarning(m_lrWd, collapses);
}

void ControlPanel::updateSpeedReadout() {
    m_speedReadout->setText(speed() == 0 ? "Speed: unlimited" : QString("Speed: %1 steps/s").arg(speed()));
}

} // namespace rankscope
