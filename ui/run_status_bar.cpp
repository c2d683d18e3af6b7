#include "run_status_bar.h"

#include <QLabel>
#include <QLocale>

namespace rankscope {

RunStatusBar::RunStatusBar(QWidget* parent)
    : QStatusBar(parent)
    , m_state(new QLabel("Loading…"))
    , m_progress(new QLabel)
    , m_speed(new QLabel)
    , m_fps(new QLabel) {
    m_state->setTextFormat(Qt::RichText);
    addWidget(m_state, 1);
    for (QLabel* label : {m_progress, m_speed, m_fps}) {
        label->setMinimumWidth(120);
        addPermanentWidget(label);
    }
    m_fps->setToolTip("Display frames per second (plots redraw at most ~30 times a second).");
    m_speed->setToolTip("Training steps per second (measured on the training thread).");
}

QString RunStatusBar::stateText(const Snapshot& snapshot) {
    switch (snapshot.state) {
    case RunState::Diverged:
        return QString("<b style='color:#c00000'>Diverged at step %1</b> — %2. %3")
            .arg(snapshot.divergedAtStep)
            .arg(snapshot.divergence ? "likely cause: " + snapshot.divergence->summary.toHtmlEscaped()
                                     : QString("the loss or the update became NaN/Inf"),
                 QString(snapshot.rollbackStep >= 0 ? "Roll back with a lower learning rate, or Reset (R)."
                                                    : "Lower the learning rate and press Reset (R)."));
    case RunState::Running:
    case RunState::Paused:
        break;
    case RunState::Idle:
        return "Idle";
    }
    QString text =
        snapshot.state == RunState::Running ? "<b>Running</b>" : "<b>Paused</b> — Space to run, S to step";
    if (snapshot.analysis.collapsed)
        text += " — <b style='color:#c00000'>collapsed</b>: weight decay shrank a hidden layer to nothing "
                "(chance accuracy). Lower lr·wd and press Reset (R).";
    return text;
}

void RunStatusBar::showSnapshot(const Snapshot& snapshot) {
    const QLocale locale;
    m_state->setText(stateText(snapshot));
    m_progress->setText(
        QString("step %1 · epoch %2").arg(locale.toString(snapshot.step)).arg(snapshot.epoch, 0, 'f', 2));
    m_speed->setText(QString("%1 steps/s").arg(locale.toString(snapshot.stepsPerSecond, 'f', 0)));
}

void RunStatusBar::setDisplayFps(double fps) {
    m_fps->setText(QString("%1 fps").arg(fps, 0, 'f', 0));
}

} // namespace rankscope
