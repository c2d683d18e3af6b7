#include "controls/train_knobs.h"

#include "common/train_settings.h"
#include "controls/log_slider.h"
#include "controls/panel_style.h"
#include "measures/spectrum.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QRadioButton>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <cmath>

namespace rankscope {
namespace {

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

const TrainSetting* settingNamed(const char* name) {
    const TrainSetting* setting = findTrainSetting(name);
    Q_ASSERT_X(setting, "TrainKnobs", "a knob names a setting missing from train_settings.cpp");
    return setting;
}

} // namespace

TrainKnobs::TrainKnobs(QWidget* parent)
    : QGroupBox("Training (applies live)", parent) {
    auto* sgd = new QRadioButton("SGD", this);
    sgd->setToolTip("Mini-batch SGD: each step uses B random training samples");
    m_fullBatch = new QRadioButton("Full-batch GD", this);
    m_fullBatch->setObjectName("fullBatch");
    m_fullBatch->setToolTip("Gradient descent on the whole training set: no noise floor");

    m_batch = new LogSlider("Batch size B",
                            {.sliderMin = 1, .sliderMax = 4096, .valueMax = 1e7, .integer = true}, this);
    m_batch->setObjectName("batchSize");
    m_batch->setToolTip("Smaller batches → noisier updates → lower rank; compare at equal epochs or time,\n"
                        "not equal steps. Slider: powers of two up to 4096; type any size up to 10,000,000.");
    m_lr = new LogSlider("Learning rate lr",
                         {.sliderMin = 1e-4, .sliderMax = 10, .valueMax = 1e6, .allowZero = true}, this);
    m_lr->setObjectName("learningRate");
    m_lr->setToolTip(
        "Step size of SGD: W ← W − lr (∇L + wd W). Slider 0 (frozen: a control) and 1e-4 to 10;\n"
        "type any value up to 1e6.");
    m_wd = new LogSlider("Weight decay wd",
                         {.sliderMin = 1e-6, .sliderMax = 1, .valueMax = 1e6, .allowZero = true}, this);
    m_wd->setObjectName("weightDecay");
    m_wd->setToolTip("PyTorch convention W ← W − lr (∇L + wd W), applied to weights and biases;\n"
                     "the paper's λ = wd/2. The slider's leftmost position is 0 (off): the rank stops "
                     "falling\nand climbs back a little.");
    m_lrWd = new QLabel(this);
    m_lrWd->setObjectName("lrWdReadout");
    m_lrWd->setWordWrap(true);
    m_lrWd->setTextFormat(Qt::PlainText);
    m_lrWd->setToolTip("Past updates fade over ≈ ln(2/ε)/(lr·wd) steps (ε = the rank threshold);\n"
                       "lr·wd ≥ 1e-2 collapses the network (rank 0, chance accuracy).\n"
                       "Useful demos sit near lr·wd = 1e-4 to 3e-3.");
    auto* momentum = new QDoubleSpinBox(this);
    momentum->setObjectName("momentum");
    momentum->setRange(0, 0.999);
    momentum->setDecimals(3);
    momentum->setSingleStep(0.1);
    momentum->setKeyboardTracking(false);
    momentum->setSpecialValueText("0 (off)");
    momentum->setToolTip(
        "Heavy-ball momentum μ as torch.optim.SGD: buf ← μ buf + (∇L + wd W), W ← W − lr buf");
    auto* momentumTitle = new QLabel("Momentum", this);
    momentumTitle->setBuddy(momentum);

    m_runChoice = new QComboBox(this);
    m_runChoice->setObjectName("runChoice");
    m_runChoice->setToolTip("Comparing runs: the run these knobs change. Each run keeps its own settings.");
    auto* runTitle = new QLabel("Run", this);
    runTitle->setBuddy(m_runChoice);
    m_runRow = panelRow(this, {runTitle, m_runChoice});
    m_runRow->setVisible(false);
    connect(m_runChoice, &QComboBox::activated, this, &TrainKnobs::setEditedRun);

    QWidget* modeRow = panelRow(this, {sgd, m_fullBatch});
    QWidget* momentumRow = panelRow(this, {momentumTitle, momentum});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_runRow);
    layout->addWidget(modeRow);
    layout->addWidget(m_batch);
    layout->addWidget(m_lr);
    layout->addWidget(m_wd);
    layout->addWidget(m_lrWd);
    layout->addWidget(momentumRow);
    m_hiddenInPresentation << momentumRow;

    bind("batch_size", m_batch);
    bind("lr", m_lr);
    bind("weight_decay", m_wd);
    bind("momentum", momentum);
    bind("full_batch", m_fullBatch, sgd);
    Q_ASSERT_X(m_knobs.size() == trainSettings().size(), "TrainKnobs", "a live setting has no knob");
    updateLrWdReadout();
}

void TrainKnobs::bind(const char* name, LogSlider* slider) {
    m_knobs.push_back({settingNamed(name), [slider](double value) { slider->setValue(value); },
                       [slider] { return slider->value(); }});
    connect(slider, &LogSlider::valueChanged, this, &TrainKnobs::onEdited);
}

void TrainKnobs::bind(const char* name, QDoubleSpinBox* box) {
    m_knobs.push_back(
        {settingNamed(name), [box](double value) { box->setValue(value); }, [box] { return box->value(); }});
    connect(box, &QDoubleSpinBox::valueChanged, this, &TrainKnobs::onEdited);
}

void TrainKnobs::bind(const char* name, QRadioButton* on, QRadioButton* off) {
    m_knobs.push_back({settingNamed(name),
                       [on, off](double value) {
                           on->setChecked(value != 0);
                           off->setChecked(value == 0);
                       },
                       [on] { return on->isChecked() ? 1.0 : 0.0; }});
    connect(on, &QRadioButton::toggled, this, &TrainKnobs::onEdited);
}

void TrainKnobs::setRuns(const QStringList& labels, const QList<QColor>& colors) {
    Q_ASSERT(!labels.isEmpty());
    m_runChoice->clear();
    for (int i = 0; i < labels.size(); ++i) {
        QPixmap swatch(14, 14);
        swatch.fill(i < colors.size() ? colors[i] : palette().color(QPalette::Text));
        m_runChoice->addItem(QIcon(swatch), labels[i]);
    }
    m_runRow->setVisible(labels.size() > 1);
    m_editedRun = std::min<int>(m_editedRun, labels.size() - 1);
    m_runChoice->setCurrentIndex(m_editedRun);
}

void TrainKnobs::setEditedRun(int run) {
    if (run < 0 || run >= m_runChoice->count())
        return;
    m_runChoice->setCurrentIndex(run);
    if (run == m_editedRun)
        return;
    m_editedRun = run;
    emit editedRunChanged(run);
}

void TrainKnobs::showTrain(const TrainConfig& train) {
    m_populating = true;
    for (const Knob& knob : m_knobs)
        knob.show(knob.setting->value(train));
    m_batch->setEnabled(!train.full_batch);
    m_populating = false;
    updateLrWdReadout();
}

TrainConfig TrainKnobs::train() const {
    TrainConfig train;
    for (const Knob& knob : m_knobs)
        knob.setting->setValue(train, knob.read());
    return train;
}

void TrainKnobs::setRankEps(double eps) {
    m_rankEps = eps;
    updateLrWdReadout();
}

void TrainKnobs::setPresentationMode(bool on) {
    for (QWidget* widget : std::as_const(m_hiddenInPresentation))
        widget->setVisible(!on);
}

void TrainKnobs::onEdited() {
    if (m_populating)
        return;
    m_batch->setEnabled(!m_fullBatch->isChecked());
    updateLrWdReadout();
    emit trainEdited(train());
}

void TrainKnobs::updateLrWdReadout() {
    const double lrWd = m_lr->value() * m_wd->value();
    const bool collapses = lrWd >= kCollapseLrWd;
    if (lrWd == 0) {
        m_lrWd->setText("lr·wd = 0 → past updates never fade: no rank decline");
    } else {
        const double steps = fadeSteps(m_lr->value(), m_wd->value(), m_rankEps);
        m_lrWd->setText(
            QString("lr·wd = %1 → %2 to fade%3")
                .arg(scientific(lrWd))
                .arg(steps < 1 ? QString("< 1 step") : "~" + roughCount(steps) + " steps")
                .arg(collapses ? QString("\n⚠ lr·wd ≥ %1: the weights collapse to zero").arg(kCollapseLrWd)
                               : QString()));
    }
    setWarning(m_lrWd, collapses);
}

} // namespace rankscope
