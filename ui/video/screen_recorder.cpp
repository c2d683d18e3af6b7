#include "video/screen_recorder.h"

#include "video/ffmpeg_encoder.h"

#include <QImage>
#include <QWidget>
#include <optional>

namespace rankscope {
namespace {

constexpr int kMaxPendingFrames = 4; // beyond this the encoder is behind: drop, never stall the GUI

// Even sides, as H.264 in yuv420p needs.
QSize evenSize(QSize size) {
    return QSize(std::max(2, size.width() & ~1), std::max(2, size.height() & ~1));
}

} // namespace

// The encoding side: created in the recorder's thread, so its ffmpeg process belongs to that thread.
class ScreenRecorder::Encoder : public QObject {
public:
    Encoder(std::shared_ptr<std::atomic<int>> pending, std::atomic<int>& written)
        : m_pending(std::move(pending))
        , m_written(written) {}

    void open(const QString& path, QSize size, double fps) {
        m_encoder.emplace();
        m_status = m_encoder->start(path, size, fps);
    }
    void write(const QImage& frame) {
        if (m_status)
            m_status = m_encoder->write(frame);
        if (m_status)
            ++m_written;
        --*m_pending;
    }
    // Returns the error, empty on success.
    QString finish() {
        if (m_status)
            m_status = m_encoder->finish();
        m_encoder.reset();
        return m_status ? QString() : m_status.error();
    }

private:
    std::shared_ptr<std::atomic<int>> m_pending;
    std::atomic<int>& m_written;
    std::optional<FfmpegEncoder> m_encoder;
    Status m_status = success();
};

ScreenRecorder::ScreenRecorder(QObject* parent)
    : QObject(parent) {
    m_thread.setObjectName("rankscope::ScreenRecorder");
    connect(&m_timer, &QTimer::timeout, this, &ScreenRecorder::grabFrame);
}

ScreenRecorder::~ScreenRecorder() {
    m_timer.stop();
    if (m_encoder) // abandoned: the encoder's destructor kills ffmpeg and removes the partial file
        QMetaObject::invokeMethod(
            m_encoder,
            [encoder = m_encoder] {
                delete encoder;
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
    m_thread.wait(); // a stopped recording's thread quits once ffmpeg is done
}

Status ScreenRecorder::start(QWidget* widget, const QString& path, double fps) {
    if (isRecording() || m_thread.isRunning())
        return Status::failure("a recording is still being written");
    if (FfmpegEncoder::executable().isEmpty())
        return Status::failure(FfmpegEncoder::missingMessage());
    if (!FfmpegEncoder::supports(path))
        return Status::failure(QString("%1: unknown video format (use .mp4, .webm or .gif)").arg(path));
    m_widget = widget;
    m_size = evenSize(widget->size() * widget->devicePixelRatioF());
    m_path = path;
    m_grabbed = m_dropped = 0;
    m_written = 0;
    m_pending = std::make_shared<std::atomic<int>>(0);
    m_thread.start();
    m_encoder = new Encoder(m_pending, m_written);
    m_encoder->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_encoder, [encoder = m_encoder, path, size = m_size, fps] { encoder->open(path, size, fps); },
        Qt::QueuedConnection);
    m_timer.start(static_cast<int>(1000 / fps));
    grabFrame();
    return success();
}

void ScreenRecorder::grabFrame() {
    if (!m_widget) {
        stop();
        return;
    }
    ++m_grabbed;
    if (*m_pending >= kMaxPendingFrames) {
        ++m_dropped;
        return;
    }
    ++*m_pending;
    const QImage frame = m_widget->grab().toImage();
    QMetaObject::invokeMethod(
        m_encoder, [encoder = m_encoder, frame] { encoder->write(frame); }, Qt::QueuedConnection);
}

void ScreenRecorder::stop() {
    if (!isRecording())
        return;
    m_timer.stop();
    QMetaObject::invokeMethod(
        m_encoder,
        [this, encoder = m_encoder] {
            const QString error = encoder->finish();
            delete encoder;
            const int frames = m_written;
            QThread::currentThread()->quit();
            QMetaObject::invokeMethod(
                this,
                [this, frames, error] {
                    m_thread.wait();
                    emit finished(m_path, frames, error);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    m_encoder = nullptr;
}

} // namespace rankscope
