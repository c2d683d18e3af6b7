// The command line, a public contract (DESIGN.md "Command line"): scripts and users depend on these
// option names. Parsing only — running is headless_runner.h's and the GUI's business.
//
//   rankscope                                   GUI, default preset
//   rankscope --preset NAME|FILE.json           GUI with a preset
//   rankscope --headless [--preset NAME|FILE] [--set KEY=VALUE]... --steps N|--epochs E --out DIR
//             [--max-seconds S] [--metrics-every K] [--save-weights-every K] [--save-data]
//             [--export FILE [--time-axis steps|epochs] [--figure-preset NAME] [--theme T] [--caption]]
//             [--export-video FILE|--video-frames-dir DIR [--fps F] [--video-seconds S]
//              [--video-size WxH] [--video-panel NAME]]              (app/media_options.h)
//   rankscope --sweep KEY=V1,V2,... [--sweep KEY2=...] [--preset NAME|FILE] [--set KEY=VALUE]...
//             --steps N|--epochs E --out DIR [--repeats R] [--jobs J] [--shard I/N] [--metrics-every K]
//             [--max-seconds S]
//   rankscope --merge DIR1 DIR2 ... --out DIR
//   rankscope --open PATH | --watch DIR [--exclude PATTERN]...   the window, on checkpoints
//   rankscope --headless --open PATH --out DIR [--export-png FILE] [--exclude PATTERN]...
//   rankscope --headless --watch DIR --out OUT [--max-seconds S] [--exclude PATTERN]...
//   rankscope --list-presets
//
// Sweep values are separated by commas outside brackets; a list value (model.hidden) is written in
// brackets: --sweep 'model.hidden=[64,64],[128,128,128]'. --shard I/N is 0-based: it runs the grid
// indices with index % N == I, so I = 0..N-1 (Slurm: --array=0-(N-1), I = $SLURM_ARRAY_TASK_ID).
#pragma once

#include "common/lecture_config.h"
#include "common/result.h"
#include "media_options.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace rankscope {

// Exit statuses of the executable.
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2; // bad usage, or an unreadable, malformed or inconsistent input
constexpr int kExitDiverged = 3; // the run produced NaN/Inf and stopped

// One --sweep KEY=V1,V2,...: a dotted preset key and its values as written (not yet checked
// against the preset: sweep_runner.h applies and validates every value before any training).
struct SweepAxis {
    QString key;
    QStringList values;
};

struct CommandLineOptions {
    enum class Mode { Gui, Headless, Sweep, Merge, ListPresets, Help, Version };
    Mode mode = Mode::Gui;
    QString preset;        // a built-in name or a .json file; empty: not given (headless: "default")
    QStringList overrides; // KEY=VALUE, in order
    qint64 steps = 0;
    double epochs = 0; // --epochs E instead of --steps: E passes over the training set, however
                       // many steps that takes at each run's batch size (equal training budget)
    QString outDir;
    double maxSeconds = 0;    // 0: no time limit
    int metricsEvery = 0;     // 0: the preset's metrics.every_steps
    int saveWeightsEvery = 0; // 0: never
    bool saveData = false;
    QString exportPng;    // --export (alias --export-png): the figure, any of its formats
    FigureOptions figure; // its size, theme and caption
    VideoSettings video;  // --export-video, --video-frames-dir and their settings
    std::optional<TimeAxis>
        timeAxis;           // --time-axis: the exported figure's; unset: the preset's lecture.time_axis
    QList<SweepAxis> sweep; // --sweep, in command-line order
    int repeats = 1;        // --repeats: runs per grid point, seeds = preset seed + 0..R-1
    int jobs = 0;           // --jobs: runs at a time; 0: QThread::idealThreadCount()
    int shardIndex = 0;     // --shard I/N (0-based): grid indices with index % N == I
    int shardCount = 1;
    QStringList mergeDirs; // --merge DIR1 DIR2 ...
    QString openPath;      // --open: a run folder, a folder of checkpoints or one .npz/.safetensors
    QString watchDir;      // --watch: a folder another program writes checkpoints into
    QStringList excludes;  // --exclude: wildcards of tensor names to leave out
    QString helpText;
};

// `arguments` includes the program name first, as QCoreApplication::arguments() gives it.
Result<CommandLineOptions> parseCommandLine(const QStringList& arguments);

// True when the arguments ask for no window at all (decided before any QApplication exists).
bool wantsNoDisplay(int argc, char** argv);

} // namespace rankscope
