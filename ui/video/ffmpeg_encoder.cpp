#include "video/ffmpeg_encoder.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace rankscope {
namespace {

constexpr qint64 kMaxQueuedBytes = 64 << 20; // about 20 frames of 1080p held for ffmpeg at most
constexpr int kFinishTimeoutMs = 10 * 60 * 1000;

QString suffixOf(const QString& path) {
    return QFileInfo(path).suffix().toLower();
}

QString partialPath(const QString& path) {
    return path + ".partial";
}

} // namespace

FfmpegEncoder::~FfmpegEncoder() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished();
        QFile::remove(partialPath(m_path));
    }
}

QString FfmpegEncoder::executable() {
    return QStandardPaths::findExecutable("ffmpeg");
}

QString FfmpegEncoder::missingMessage() {
    return "ffmpeg is not installed (no ffmpeg on PATH): install it with `sudo apt-get install ffmpeg`, "
           "or write the frames as PNG files with --video-frames-dir DIR";
}

bool FfmpegEncoder::supports(const QString& path) {
    const QString suffix = suffixOf(path);
    return suffix == "mp4" || suffix == "webm" || suffix == "gif";
}

QStringList FfmpegEncoder::arguments(const QString& path, QSize size, double fps) {
    QStringList args = {"-hide_banner", "-loglevel",
                        "error",        "-y",
                        "-f",           "rawvideo",
                        "-pix_fmt",     "rgb24",
                        "-s",           QString("%1x%2").arg(size.width()).arg(size.height()),
                        "-framerate",   QString::number(fps, 'g', 10),
                        "-i",           "pipe:0"};
    const QString suffix = suffixOf(path);
    if (suffix == "gif") {
        // One palette for the whole video from every frame, then Bayer dithering: deterministic and,
        // for flat plot colours, sharp.
        args
            << "-filter_complex"
            << "[0:v]split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=bayer:bayer_scale=3"
            << "-f"
            << "gif";
    } else if (suffix == "webm") {
        args << "-c:v"
             << "libvpx-vp9"
             << "-crf"
             << "32"
             << "-b:v"
             << "0"
             << "-deadline"
             << "good"
             << "-cpu-used"
             << "4"
             << "-row-mt"
             << "0"
             << "-threads"
             << "1"
             << "-pix_fmt"
             << "yuv420p"
             << "-f"
             << "webm";
    } else {
        // x264 threads are deterministic; -tune animation suits flat areas and sharp lines.
        args << "-c:v"
             << "libx264"
             << "-preset"
             << "medium"
             << "-crf"
             << "20"
             << "-tune"
             << "animation"
             << "-pix_fmt"
             << "yuv420p"
             << "-movflags"
             << "+faststart"
             << "-f"
             << "mp4";
    }
    args << "-map_metadata"
         << "-1"
         << "-fflags"
         << "+bitexact"
         << "-flags:v"
         << "+bitexact" << partialPath(path);
    return args;
}

Status FfmpegEncoder::start(const QString& path, QSize size, double fps) {
    const QString ffmpeg = executable();
    if (ffmpeg.isEmpty())
        return Status::failure(missingMessage());
    if (!supports(path))
        return Status::failure(QString("%1: unknown video format (use .mp4, .webm or .gif)").arg(path));
    m_path = path;
    m_size = size;
    m_frames = 0;
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(ffmpeg, arguments(path, size, fps));
    if (!m_process.waitForStarted())
        return failure("cannot start ffmpeg");
    return success();
}

Status FfmpegEncoder::write(const QImage& frame) {
    if (m_process.state() != QProcess::Running)
        return failure("ffmpeg stopped");
    QImage rgb = frame.size() == m_size
                     ? frame
                     : frame.scaled(m_size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    rgb = rgb.convertToFormat(QImage::Format_RGB888);
    const qsizetype lineBytes = 3 * static_cast<qsizetype>(m_size.width());
    for (int y = 0; y < rgb.height(); ++y) // lines may be padded in the image, never in the pipe
        m_process.write(reinterpret_cast<const char*>(rgb.constScanLine(y)), lineBytes);
    while (m_process.bytesToWrite() > kMaxQueuedBytes)
        if (!m_process.waitForBytesWritten(kFinishTimeoutMs))
            return failure("ffmpeg stopped reading frames");
    ++m_frames;
    return success();
}

Status FfmpegEncoder::finish() {
    while (m_process.bytesToWrite() > 0)
        if (!m_process.waitForBytesWritten(kFinishTimeoutMs))
            return failure("ffmpeg stopped reading frames");
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(kFinishTimeoutMs) || m_process.exitStatus() != QProcess::NormalExit ||
        m_process.exitCode() != 0)
        return failure("ffmpeg failed");
    QFile::remove(m_path);
    if (!QFile::rename(partialPath(m_path), m_path))
        return failure("cannot move the finished video into place");
    return success();
}

Status FfmpegEncoder::failure(const QString& what) {
    const QString detail =
        QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed().section('\n', -1);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished();
    }
    QFile::remove(partialPath(m_path));
    return Status::failure(
        QString("%1: %2%3").arg(m_path, what, detail.isEmpty() ? QString() : " (" + detail + ")"));
}

} // namespace rankscope
