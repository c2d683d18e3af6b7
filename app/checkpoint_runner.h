// runCheckpoints: `rankscope --headless --open PATH --out DIR [--export-png FILE]` and
// `rankscope --headless --watch DIR --out OUT --max-seconds S`: checkpoints written by another
// program (a run folder, a folder of .npz/.safetensors, one file; or a folder a training is still
// writing into) analysed one after another into OUT/metrics.csv and OUT/singular_values.csv
// (io/checkpoint_csv.h) and, if asked, the dashboard figure of the last one (layers named by tensor,
// the change per checkpoint, the run folder's loss and accuracy). --watch analyses each
// checkpoint once, as it arrives, until S seconds have passed. Prints one line per checkpoint.
// Returns 0, or 2 with one line on stderr naming the file at fault (a pickle's refusal adds the two
// lines of its conversion).
#pragma once

#include "command_line.h"

#include <QTextStream>

namespace rankscope {

int runCheckpoints(const CommandLineOptions& options, QTextStream& out, QTextStream& err);

} // namespace rankscope
