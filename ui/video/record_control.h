// RecordControl: the window's Record action (File → Record video, Ctrl+Shift+R). Checked, it asks for
// a file (.mp4, .webm or .gif) and records the dashboard as it is shown (ScreenRecorder) until it is
// unchecked; the status bar says where the video went. Without ffmpeg it says how to install it.
#pragma once

#include "common/result.h"
#include "video/screen_recorder.h"

#include <QObject>

class QAction;
class QWidget;

namespace rankscope {

class RecordControl : public QObject {
    Q_OBJECT
public:
    // Records `target`; dialogs open over `window`, which owns the control.
    RecordControl(QWidget* target, QWidget* window);

    QAction* action() const { return m_action; }
    const ScreenRecorder& recorder() const { return m_recorder; }
    // Starts recording into `path` without asking (the action's file dialog calls it too).
    Status startRecording(const QString& path);

signals:
    // A status-bar message; timeoutMs 0 keeps it until the next one.
    void message(const QString& text, int timeoutMs);

private:
    void toggled(bool on);
    void recordingFinished(const QString& path, int frames, const QString& error);

    QWidget* m_target;
    QWidget* m_window;
    QAction* m_action;
    ScreenRecorder m_recorder;
};

} // namespace rankscope
