// FfmpegEncoder: encodes frames into MP4 (H.264), WebM (VP9) or GIF by piping raw RGB frames to
// Debian's `ffmpeg` executable, as matplotlib's FFMpegWriter does. The container follows the file's
// suffix; GIFs go through ffmpeg's palettegen/paletteuse filters, so they stay sharp and small.
//
// The output is reproducible: the same frames give a byte-identical file (bit-exact flags, no
// metadata or timestamps of the encoding, single-threaded where threads could reorder the output).
// ffmpeg writes to FILE.partial, renamed to FILE once it finished cleanly, so a failed or aborted
// encoding never leaves a file that looks complete. Writing blocks once ffmpeg lags by a few frames
// (the headless renderer wants every frame); the GUI's recorder writes from its own thread.
#pragma once

#include "common/result.h"

#include <QImage>
#include <QProcess>
#include <QSize>
#include <QString>
#include <QStringList>

namespace rankscope {

class FfmpegEncoder {
public:
    FfmpegEncoder() = default;
    ~FfmpegEncoder(); // kills an unfinished ffmpeg and removes its partial file
    FfmpegEncoder(const FfmpegEncoder&) = delete;
    FfmpegEncoder& operator=(const FfmpegEncoder&) = delete;

    // The ffmpeg on PATH; empty if there is none.
    static QString executable();
    // One line saying ffmpeg is missing and how to install it (and the PNG-sequence way around it).
    static QString missingMessage();
    // True for the suffixes this encoder writes: mp4, webm, gif.
    static bool supports(const QString& path);
    // ffmpeg's arguments for `path`, frames of `size` at `fps` read from stdin.
    static QStringList arguments(const QString& path, QSize size, double fps);

    Status start(const QString& path, QSize size, double fps);
    // `frame` is scaled to the encoder's size if it differs (a window resized while recording).
    Status write(const QImage& frame);
    // Closes the input, waits for ffmpeg and moves the file into place.
    Status finish();
    int framesWritten() const { return m_frames; }

private:
    Status failure(const QString& what);

    QProcess m_process;
    QString m_path;
    QSize m_size;
    int m_frames = 0;
};

} // namespace rankscope
