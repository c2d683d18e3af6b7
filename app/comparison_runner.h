// ComparisonRunner: `rankscope --headless --preset P` where P has a compare list (common/comparison.h) —
// the runs a GUI would show side by side, trained one after another for the same --steps (so every
// run starts from the same data and initial weights and the rows line up step for step):
//
//   DIR/config.json                 the comparison (loading it again reproduces every run)
//   DIR/run1-<label>/...            each run's own config.json, metrics.csv, weights and data, as
//   DIR/run2-<label>/...            a single --headless run writes them (plus dashboard.png when
//                                   --export-png is given)
//   --export-png FILE               the overlaid dashboard of all runs (--time-axis epochs: against epochs)
//
// Exit status as a single run: 2 for bad input; 3 when any run diverged (the others still finish).
#pragma once

#include "command_line.h"
#include "common/run_config.h"

#include <QTextStream>

namespace rankscope {

int runComparison(const RunConfig& config, const CommandLineOptions& options, QTextStream& out,
                  QTextStream& err);

} // namespace rankscope
