#include "media_options.h"

#include "common/lecture_config.h"
#include "export/figure_preset.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>

namespace rankscope {
namespace {

constexpr double kMaxFps = 120;
constexpr double kMaxVideoSeconds = 3600;
constexpr int kMaxVideoSide = 7680;

Status positiveNumber(const QCommandLineParser& parser, const QString& option, double maximum, double& out) {
    if (!parser.isSet(option))
        return success();
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0 || value > maximum)
        return Status::failure(QString("--%1 %2: expected a number > 0 and <= %3")
                                   .arg(option, parser.value(option))
                                   .arg(maximum));
    out = value;
    return success();
}

// WxH with even sides: H.264 in yuv420p halves both.
Status videoSize(const QString& text, QSize& out) {
    const QRegularExpressionMatch match = QRegularExpression("^(\\d{1,5})x(\\d{1,5})$").match(text);
    const int width = match.captured(1).toInt(), height = match.captured(2).toInt();
    if (!match.hasMatch() || width < 64 || height < 64 || width > kMaxVideoSide || height > kMaxVideoSide ||
        width % 2 != 0 || height % 2 != 0)
        return Status::failure(
            QString("--video-size %1: expected WxH with even sides from 64 to %2, e.g. 1920x1080")
                .arg(text)
                .arg(kMaxVideoSide));
    out = QSize(width, height);
    return success();
}

// A panel name (--figure-panel, --video-panel), when the option is given.
Status panelName(const QCommandLineParser& parser, const QString& option, QString& panel) {
    if (!parser.isSet(option))
        return success();
    panel = parser.value(option);
    if (!dashboardPanelNames().contains(panel))
        return Status::failure(
            QString("--%1 %2: expected one of %3").arg(option, panel, dashboardPanelNames().join(", ")));
    return success();
}

} // namespace

QList<QCommandLineOption> mediaCommandLineOptions() {
    return {
        {{"export", "export-png"},
         "Render the dashboard figure of the final state to FILE: .png, .pdf or .svg by its suffix.",
         "FILE"},
        {"figure-preset",
         QString("The exported figure's size: %1 (default 1600x1200).").arg(figurePresetNames()), "NAME"},
        {"figure-panel",
         QString("Export one panel instead of the dashboard: %1 (a slide preset gives it the largest text).")
             .arg(dashboardPanelNames().join(", ")),
         "NAME"},
        {"theme", "The exported figure's and video's theme: light (default) or talk.", "light|talk"},
        {"caption", "Add a caption with the run's settings (B, lr, wd, momentum, data, model, step)."},
        {"export-video",
         "Record the run as a video, frames at fixed step intervals: .mp4 (H.264), .webm or .gif, "
         "encoded by ffmpeg.",
         "FILE"},
        {"fps", "Video frames per second (default 30).", "F"},
        {"video-seconds", "Video length in seconds (default 2): fps x seconds frames.", "S"},
        {"video-size", "Video frame size (default 1280x720).", "WxH"},
        {"video-panel",
         QString("Record one panel instead of the dashboard: %1.").arg(dashboardPanelNames().join(", ")),
         "NAME"},
        {"video-frames-dir",
         "Write the video's frames as DIR/frame_00001.png, ... (no ffmpeg needed; LaTeX beamer's animate).",
         "DIR"},
    };
}

QStringList mediaOptionNames() {
    QStringList names;
    for (const QCommandLineOption& option : mediaCommandLineOptions())
        names += option.names().first();
    return names;
}

Status parseFigureOptions(const QCommandLineParser& parser, FigureOptions& figure) {
    if (parser.isSet("figure-preset")) {
        figure.preset = parser.value("figure-preset");
        if (!figurePresetByName(figure.preset))
            return Status::failure(
                QString("--figure-preset %1: expected one of %2").arg(figure.preset, figurePresetNames()));
    }
    if (parser.isSet("theme")) {
        figure.theme = parser.value("theme");
        if (figure.theme != "light" && figure.theme != "talk")
            return Status::failure(QString("--theme %1: expected light or talk").arg(figure.theme));
    }
    figure.caption = parser.isSet("caption");
    if (Status s = panelName(parser, "figure-panel", figure.panel); !s)
        return s;
    const bool figureWanted = parser.isSet("export-png");
    for (const char* figureOnly : {"figure-preset", "figure-panel", "caption"})
        if (parser.isSet(figureOnly) && !figureWanted)
            return Status::failure(QString("--%1 needs --export FILE").arg(figureOnly));
    return success();
}

Status parseVideoOptions(const QCommandLineParser& parser, VideoSettings& video) {
    video.path = parser.value("export-video");
    video.framesDir = parser.value("video-frames-dir");
    for (const char* videoOnly : {"fps", "video-seconds", "video-size", "video-panel"})
        if (parser.isSet(videoOnly) && !video.wanted())
            return Status::failure(
                QString("--%1 needs --export-video FILE or --video-frames-dir DIR").arg(videoOnly));
    const QString suffix = QFileInfo(video.path).suffix().toLower();
    if (!video.path.isEmpty() && suffix != "mp4" && suffix != "webm" && suffix != "gif")
        return Status::failure(
            QString("--export-video %1: the file must end in .mp4, .webm or .gif").arg(video.path));
    if (Status s = positiveNumber(parser, "fps", kMaxFps, video.fps); !s)
        return s;
    if (Status s = positiveNumber(parser, "video-seconds", kMaxVideoSeconds, video.seconds); !s)
        return s;
    if (parser.isSet("video-size"))
        if (Status s = videoSize(parser.value("video-size"), video.size); !s)
            return s;
    return panelName(parser, "video-panel", video.panel);
}

} // namespace rankscope
