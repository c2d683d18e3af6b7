#include "checkpoints/probe_knobs.h"

#include "controls/log_slider.h"

#include <QLabel>
#include <QVBoxLayout>

namespace rankscope {

ProbeKnobs::ProbeKnobs(QWidget* parent)
    : QGroupBox("Watched training (applies live)", parent)
    , m_lr(new LogSlider("Learning rate lr",
                         {.sliderMin = 1e-5, .sliderMax = 10, .valueMax = 1e6, .allowZero = true}))
    , m_wd(new LogSlider("Weight decay wd",
                         {.sliderMin = 1e-6, .sliderMax = 1, .valueMax = 1e6, .allowZero = true}))
    , m_answer(new QLabel) {
    setToolTip("Writes DIR/control.json; the probe (python/rankscope_probe.py) applies it to every parameter "
               "group of the optimizer at its next step and records the change in DIR/events.csv, drawn as "
               "a marker on every time plot.");
    m_lr->setObjectName("probeLearningRate");
    m_wd->setObjectName("probeWeightDecay");
    m_answer->setObjectName("probeAnswer");
    m_answer->setWordWrap(true);
    m_answer->setTextFormat(Qt::PlainText);
    auto* column = new QVBoxLayout(this);
    column->addWidget(m_lr);
    column->addWidget(m_wd);
    column->addWidget(m_answer);
    column->addStretch(1);
    connect(m_lr, &LogSlider::valueChanged, this, [this](double lr) {
        ControlRequest request;
        request.lr = lr;
        emit requested(request);
    });
    connect(m_wd, &LogSlider::valueChanged, this, [this](double wd) {
        ControlRequest request;
        request.weightDecay = wd;
        emit requested(request);
    });
}

void ProbeKnobs::showSettings(double lr, double weightDecay) {
    m_lr->setValue(lr);
    m_wd->setValue(weightDecay);
}

void ProbeKnobs::showAnswer(const QString& text, bool problem) {
    m_answer->setText(text);
    m_answer->setStyleSheet(problem ? "color: #c0392b; font-weight: bold;" : QString());
}

QString ProbeKnobs::answer() const {
    return m_answer->text();
}

} // namespace rankscope
