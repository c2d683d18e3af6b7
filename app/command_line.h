// The command line, a public contract (DESIGN.md "Command line"): scripts and users depend on these
// option names. Parsing only — running is headless_runner.h's and the GUI's business.
//
//   rankscope                                   GUI, default preset
//   rankscope --preset NAME|FILE.json           GUI with a preset
//   rankscope --headless [--preset NAME|FILE] [--set KEY=VALUE]... --steps N --out DIR
//             [--max-seconds S] [--metrics-every K] [--save-weights-every K] [--save-data]
//             [--export-png FILE]
//   rankscope --list-presets
#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

namespace rankscope {

// Exit statuses of the executable.
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2; // bad usage, or an unreadable, malformed or inconsistent input
constexpr int kExitDiverged = 3; // the run produced NaN/Inf and stopped

struct CommandLineOptions {
    enum class Mode { Gui, Headless, ListPresets, Help, Version };
    Mode mode = Mode::Gui;
    QString preset;             // a built-in name or a .json file; empty: not given (headless: "default")
    QStringList overrides;      // KEY=VALUE, in order
    qint64 steps = 0;
    QString outDir;
    double maxSeconds = 0;      // 0: no time limit
    int metricsEvery = 0;       // 0: the preset's metrics.every_steps
    int saveWeightsEvery = 0;   // 0: never
    bool saveData = false;
    QString exportPng;
    QString helpText;
};

// `arguments` includes the program name first, as QCoreApplication::arguments() gives it.
Result<CommandLineOptions> parseCommandLine(const QStringList& arguments);

// True when the arguments ask for no window at all (decided before any QApplication exists).
bool wantsNoDisplay(int argc, char** argv);

} // namespace rankscope
