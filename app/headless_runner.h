// HeadlessRunner: `rankscope --headless ...` — trains a preset without any display and writes
// DIR/config.json, DIR/metrics.csv, DIR/weights/step_XXXXXXXX.npz and DIR/data/*.npy exactly as
// DESIGN.md's command-line contract specifies. It drives the same Trainer and SnapshotBuilder as the
// GUI's session, synchronously, so a CSV row holds the numbers the GUI would have shown at that step.
// Returns the process exit status: 0, 2 (bad usage/input, one line on stderr) or 3 (diverged).
// A preset with a compare list runs each of its runs into its own subfolder (comparison_runner.h).
// runInFolder() is the reusable part: one configuration trained into one folder, printing nothing,
// so that the sweep runner (sweep_runner.h) runs several at once on worker threads.
#pragma once

#include "command_line.h"
#include "common/run_config.h"
#include "nn/evaluation.h"
#include "run_view.h"
#include "session/run_history.h"
#include "session/snapshot.h"

#include <QTextStream>

namespace rankscope {

// The configuration a --headless or --sweep command line asks for: the preset (default "default";
// its warnings go to `err`), then every --set and --metrics-every; validated.
Result<RunConfig> headlessConfig(const CommandLineOptions& options, QTextStream& err);

// What one run into a folder produced.
struct RunOutcome {
    int exitCode = kExitOk; // kExitOk, kExitBadInput (`error` says why) or kExitDiverged
    QString error;          // kExitBadInput: one line naming the file, folder or value
    Snapshot first, last;   // the metrics.csv rows of step 0 and of the last step
    Evaluation trainSet{kNotMeasured, kNotMeasured}; // the last weights on the whole training set, if asked
    QString metricsPath;                             // DIR/metrics.csv
    qint64 rows = 0;                                 // metrics.csv rows written
    double seconds = 0;                              // wall time of the run
    RunHistory history; // the figure's dense history, kept when options.exportPng asks for a figure
};

// The line a finished run prints: "wrote DIR/metrics.csv (R rows, N steps, S s): mean rank ...".
QString outcomeSummary(const RunOutcome& outcome);

// The GUI's dashboard figure of one run or of runs side by side, rendered without a display, with
// the lecture's panels and time axis (--time-axis, when given, chooses the axis), at the size, in the
// theme and with the caption `figure` asks, or only the panel it names.
Status exportDashboardFigure(const RunViews& runs, const RunConfig& config, const QString& path,
                             std::optional<TimeAxis> timeAxis, const FigureOptions& figure = {},
                             const QString& caption = {});

// Checks before training that the --export figure and the --export-video file can be written
// (their folders exist and take files; ffmpeg is on PATH); a file inside options.outDir, which may
// not exist yet, is taken as fine. One line naming the option on failure.
Status checkMediaOutputs(const CommandLineOptions& options);

// Trains a validated `config` into options.outDir for options.steps steps (or options.maxSeconds):
// config.json, metrics.csv and, as options ask, weights, data and the --export-png figure (the
// figure needs the GUI thread; everything else runs on any thread). evaluateTrainSet adds one
// forward pass over the training set at the end. Prints nothing.
RunOutcome runInFolder(const RunConfig& config, const CommandLineOptions& options,
                       bool evaluateTrainSet = false);

int runHeadless(const CommandLineOptions& options, QTextStream& out, QTextStream& err);

} // namespace rankscope
