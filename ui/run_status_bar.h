// RunStatusBar: the window's status line — run state (running, paused, diverged with its likely cause
// and what to do about it, collapsed), step, epoch, training steps/s and display frames/s. The full
// divergence message with its buttons is the DivergenceNotice's.
#pragma once

#include "session/snapshot.h"

#include <QStatusBar>

class QLabel;

namespace rankscope {

class RunStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit RunStatusBar(QWidget* parent = nullptr);

    void showSnapshot(const Snapshot& snapshot);
    void setDisplayFps(double fps);
    // Text of the state label for a snapshot (exposed for tests).
    static QString stateText(const Snapshot& snapshot);

private:
    QLabel* m_state;
    QLabel* m_progress;
    QLabel* m_speed;
    QLabel* m_fps;
};

} // namespace rankscope
