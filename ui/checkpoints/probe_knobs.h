// ProbeKnobs: the live knobs of a watched training (`rankscope --watch DIR`): learning rate and
// weight decay, as the training's last metrics.csv row reports them, and a line that says what
// became of the last request (sent, applied at a step, or what the training could not apply).
// An edit emits requested() with the one key that changed; writing DIR/control.json is the owner's
// (session/probe_control.h). The training applies it to every parameter group of its optimizer.
#pragma once

#include "io/control_file.h"

#include <QGroupBox>

class QLabel;

namespace rankscope {

class LogSlider;

class ProbeKnobs : public QGroupBox {
    Q_OBJECT
public:
    explicit ProbeKnobs(QWidget* parent = nullptr);

    void showSettings(double lr, double weightDecay); // no signal
    void showAnswer(const QString& text, bool problem);

    LogSlider* learningRate() const { return m_lr; }
    LogSlider* weightDecay() const { return m_wd; }
    QString answer() const;

signals:
    void requested(const rankscope::ControlRequest& settings);

private:
    LogSlider* m_lr;
    LogSlider* m_wd;
    QLabel* m_answer;
};

} // namespace rankscope
