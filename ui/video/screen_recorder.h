// ScreenRecorder: records a widget as it is shown (the window's Record control), until stopped.
//
// A timer on the GUI thread grabs the widget at the chosen frame rate — the only work the GUI does per
// frame — and hands the image to an encoding thread that converts it and pipes it to ffmpeg
// (ffmpeg_encoder.h), so neither the GUI nor training waits on encoding. When the encoder falls more
// than a few frames behind, new frames are dropped (and counted) rather than queued without bound.
// The frame size is fixed when recording starts: a window resized later is scaled to it. stop() returns
// at once; finished() reports the file when ffmpeg is done.
#pragma once

#include "common/result.h"

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>

class QWidget;

namespace rankscope {

class ScreenRecorder : public QObject {
    Q_OBJECT
public:
    explicit ScreenRecorder(QObject* parent = nullptr);
    ~ScreenRecorder() override; // an unfinished recording is abandoned and its partial file removed

    // Starts recording `widget` into `path` (.mp4, .webm or .gif); fails at once without ffmpeg.
    Status start(QWidget* widget, const QString& path, double fps = 30);
    void stop();
    bool isRecording() const { return m_timer.isActive(); }

    int framesGrabbed() const { return m_grabbed; }
    int framesDropped() const { return m_dropped; }
    int framesWritten() const { return m_written; }

signals:
    // The recording is complete (or failed: `error` says why); `frames` were encoded.
    void finished(const QString& path, int frames, const QString& error);

private:
    class Encoder;
    void grabFrame();

    QTimer m_timer;
    QThread m_thread;
    Encoder* m_encoder = nullptr; // lives in m_thread
    QPointer<QWidget> m_widget;
    QSize m_size;
    QString m_path;
    std::shared_ptr<std::atomic<int>> m_pending; // frames handed to the encoder, not yet written
    int m_grabbed = 0;
    int m_dropped = 0;
    std::atomic<int> m_written = 0;
};

} // namespace rankscope
