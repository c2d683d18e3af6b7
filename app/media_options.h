// The command-line options of exported figures and videos (docs/slides-and-video.md), parsed apart
// from the rest of the command line:
//
//   --export FILE (alias --export-png)    the dashboard figure; .png, .pdf or .svg by its suffix
//   --figure-preset NAME                  slide-16x9, slide-16x9-4k, slide-4x3, paper-column
//   --figure-panel NAME                   one panel instead of the dashboard (a slide's largest text)
//   --theme light|talk                    the figure's and the video's theme
//   --caption                             a caption line with the run's settings
//   --export-video FILE                   .mp4 (H.264), .webm (VP9) or .gif, through ffmpeg
//   --fps F  --video-seconds S  --video-size WxH  --video-panel NAME
//   --video-frames-dir DIR                the frames as DIR/frame_00001.png, ... (LaTeX beamer animate)
#pragma once

#include "common/result.h"
#include "video/video_output.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

class QCommandLineParser;

namespace rankscope {

struct FigureOptions {
    QString preset;          // a figure preset name (ui/export/figure_preset.h); empty: 1600 × 1200
    QString theme = "light"; // light | talk
    bool caption = false;
    QString panel; // one of dashboardPanelNames(); empty: the dashboard's panels
};

QList<QCommandLineOption> mediaCommandLineOptions();
// The option names above that need --headless (a GUI command line must not carry them).
QStringList mediaOptionNames();

// Reads and checks the options above; one line naming the option and the value on failure.
Status parseFigureOptions(const QCommandLineParser& parser, FigureOptions& figure);
Status parseVideoOptions(const QCommandLineParser& parser, VideoSettings& video);

} // namespace rankscope
