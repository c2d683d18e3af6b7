// TransportControls: the run's transport — Start/Pause, Step, Reset — and the speed cap (1 to 10000
// steps per second, or unlimited). The buttons only emit; the main window binds Space, S / → and R
// to the same actions (the tooltips name them). Presentation mode keeps Start/Pause and the speed.
#pragma once

#include <QGroupBox>
#include <optional>

class QLabel;
class QPushButton;
class QSlider;

namespace rankscope {

class TransportControls : public QGroupBox {
    Q_OBJECT

public:
    explicit TransportControls(QWidget* parent = nullptr);

    // Start/Pause text and icon; the state already shown costs nothing (no icon is reloaded).
    void setRunning(bool running);
    void setSpeed(double stepsPerSecond); // snaps to the nearest step of the control; 0 = unlimited
    double speed() const;                 // steps per second; 0 = unlimited
    void setPresentationMode(bool on);

    QPushButton* startPauseButton() const { return m_startPause; }
    QPushButton* stepButton() const { return m_step; }
    QPushButton* resetButton() const { return m_reset; }

signals:
    void startPauseClicked();
    void stepClicked();
    void resetClicked();
    void speedChanged(double stepsPerSecond); // 0 = unlimited

private:
    void updateSpeedReadout();

    QPushButton* m_startPause;
    std::optional<bool> m_shownRunning; // what m_startPause shows
    QPushButton* m_step;
    QPushButton* m_reset;
    QSlider* m_speed;
    QLabel* m_speedReadout;
};

} // namespace rankscope
