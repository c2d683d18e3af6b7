// VideoOutput: where the frames of a recording go — an encoded video (ffmpeg_encoder.h) and/or a
// numbered PNG sequence DIR/frame_00001.png, ... that needs no ffmpeg (LaTeX beamer's animate
// package: \animategraphics[controls]{30}{DIR/frame_}{00001}{00060}).
#pragma once

#include "common/result.h"
#include "video/ffmpeg_encoder.h"

#include <QSize>
#include <QString>
#include <optional>

namespace rankscope {

struct VideoSettings {
    QString path;      // .mp4, .webm or .gif; empty: no encoded video
    QString framesDir; // empty: no PNG sequence
    double fps = 30;
    double seconds = 2; // rendered recordings: fps * seconds frames at fixed step intervals
    QSize size{1280, 720};
    QString panel; // a dashboard panel name (dashboardPanelNames(), common/lecture_config.h); empty: the
                   // whole dashboard

    bool wanted() const { return !path.isEmpty() || !framesDir.isEmpty(); }
    int frameCount() const;
};

class VideoOutput {
public:
    // Checks that ffmpeg exists (if a video file is asked for) and starts it; creates the frames folder.
    Status open(const VideoSettings& settings);
    Status write(const QImage& frame);
    Status finish();
    int framesWritten() const { return m_frames; }

private:
    VideoSettings m_settings;
    std::optional<FfmpegEncoder> m_encoder;
    int m_frames = 0;
};

} // namespace rankscope
