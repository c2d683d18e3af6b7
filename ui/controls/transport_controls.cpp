#include "controls/transport_controls.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>

namespace rankscope {
namespace {

constexpr std::array<double, 13> kSpeeds = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
constexpr int kUnlimitedPosition = static_cast<int>(kSpeeds.size());

} // namespace

TransportControls::TransportControls(QWidget* parent)
    : QGroupBox("Run", parent)
    , m_startPause(new QPushButton(this))
    , m_step(new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipForward), "Step", this))
    , m_reset(new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), "Reset", this))
    , m_speed(new QSlider(Qt::Horizontal, this))
    , m_speedReadout(new QLabel(this)) {
    m_step->setToolTip("One training step, while paused (S or →)");
    m_reset->setToolTip("Restart from step 0: new initial weights from the seed, same settings (R)");
    setRunning(false);

    m_speed->setRange(0, kUnlimitedPosition);
    m_speed->setPageStep(3);
    m_speed->setValue(kUnlimitedPosition);
    m_speed->setObjectName("speed");
    const QString speedTip = "Caps training at 1, 2, 5, 10, ... 10000 steps per second, or Unlimited.\n"
                             "A collapse that takes half a second at full speed plays at lecture pace.";
    m_speed->setToolTip(speedTip);
    m_speedReadout->setToolTip(speedTip);
    updateSpeedReadout();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_startPause);
    buttons->addWidget(m_step);
    buttons->addWidget(m_reset);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_speedReadout);
    layout->addWidget(m_speed);

    connect(m_startPause, &QPushButton::clicked, this, &TransportControls::startPauseClicked);
    connect(m_step, &QPushButton::clicked, this, &TransportControls::stepClicked);
    connect(m_reset, &QPushButton::clicked, this, &TransportControls::resetClicked);
    connect(m_speed, &QSlider::valueChanged, this, [this] {
        updateSpeedReadout();
        emit speedChanged(speed());
    });
}

void TransportControls::setRunning(bool running) {
    if (m_shownRunning == running)
        return;
    m_shownRunning = running;
    m_startPause->setText(running ? "Pause" : "Start");
    m_startPause->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_startPause->setToolTip(running ? "Pause training (Space)" : "Start training (Space)");
}

void TransportControls::setSpeed(double stepsPerSecond) {
    const auto closerOnLogScale = [stepsPerSecond](double a, double b) {
        return std::abs(std::log(a / stepsPerSecond)) < std::abs(std::log(b / stepsPerSecond));
    };
    const auto nearest = std::min_element(kSpeeds.begin(), kSpeeds.end(), closerOnLogScale);
    const QSignalBlocker block(m_speed);
    m_speed->setValue(stepsPerSecond > 0 ? static_cast<int>(nearest - kSpeeds.begin()) : kUnlimitedPosition);
    updateSpeedReadout();
}

double TransportControls::speed() const {
    return m_speed->value() == kUnlimitedPosition ? 0 : kSpeeds[m_speed->value()];
}

void TransportControls::setPresentationMode(bool on) {
    m_step->setVisible(!on);
    m_reset->setVisible(!on);
}

void TransportControls::updateSpeedReadout() {
    m_speedReadout->setText(speed() == 0 ? "Speed: unlimited" : QString("Speed: %1 steps/s").arg(speed()));
}

} // namespace rankscope
