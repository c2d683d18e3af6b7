// HeadlessRunner: `rankscope --headless ...` — trains a preset without any display and writes
// DIR/config.json, DIR/metrics.csv, DIR/weights/step_XXXXXXXX.npz and DIR/data/*.npy exactly as
// DESIGN.md's command-line contract specifies. It drives the same Trainer and SnapshotBuilder as the
// GUI's session, synchronously, so a CSV row holds the numbers the GUI would have shown at that step.
// Returns the process exit status: 0, 2 (bad usage/input, one line on stderr) or 3 (diverged).
#pragma once

#include "command_line.h"

#include <QTextStream>

namespace rankscope {


int runHeadless(const CommandLineOptions& options, QTextStream& out, QTextStream& err);

} // namespace rankscope
