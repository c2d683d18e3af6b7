#include "video/record_control.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QSignalBlocker>
#include <QWidget>

namespace rankscope {

RecordControl::RecordControl(QWidget* target, QWidget* window)
    : QObject(window)
    , m_target(target)
    , m_window(window)
    , m_action(new QAction("&Record video…", this)) {
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence("Ctrl+Shift+R"));
    m_action->setToolTip("Record the dashboard as shown into an MP4, WebM or GIF until pressed again "
                         "(needs ffmpeg). For a reproducible video use rankscope --headless --export-video.");
    connect(m_action, &QAction::toggled, this, &RecordControl::toggled);
    connect(&m_recorder, &ScreenRecorder::finished, this, &RecordControl::recordingFinished);
}

Status RecordControl::startRecording(const QString& path) {
    const Status started = m_recorder.start(m_target, path);
    const QSignalBlocker blocker(m_action);
    m_action->setChecked(started.ok());
    if (started)
        emit message(QString("● Recording to %1 — Ctrl+Shift+R stops").arg(QDir::toNativeSeparators(path)),
                     0);
    return started;
}

void RecordControl::toggled(bool on) {
    if (!on) {
        m_recorder.stop();
        emit message("Finishing the video…", 0);
        return;
    }
    QSettings settings;
    const QString folder = settings.value("record/folder", QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(
        m_window, "Record video", QDir(folder).filePath("rankscope-recording.mp4"),
        "MP4 video (*.mp4);;WebM video (*.webm);;GIF animation (*.gif)");
    if (path.isEmpty()) {
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(false);
        return;
    }
    settings.setValue("record/folder", QFileInfo(path).absolutePath());
    if (const Status started = startRecording(path); !started)
        QMessageBox::warning(m_window, "Cannot record", started.error());
}

void RecordControl::recordingFinished(const QString& path, int frames, const QString& error) {
    if (!error.isEmpty()) {
        emit message("Recording failed: " + error, 10000);
        return;
    }
    QString text = QString("Recorded %1 (%2 frames").arg(QDir::toNativeSeparators(path)).arg(frames);
    if (m_recorder.framesDropped() > 0)
        text += QString(", %1 dropped while the encoder was busy").arg(m_recorder.framesDropped());
    emit message(text + ")", 10000);
}

} // namespace rankscope
