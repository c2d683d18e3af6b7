// SweepRunner: `rankscope --sweep KEY=V1,V2,... [--sweep KEY2=...] ...` and `rankscope --merge DIR...
// --out DIR` (the figure follows Figure 9 of Galanti et al., arXiv 2206.05794).
//
// A sweep expands the cartesian grid of the swept values (keys in command-line order, the first
// varying slowest), then repeats r = 0..R-1 with seed = preset seed + r: grid index
// = ((v_1 * n_2 + v_2) * ... ) * R + r. Every value and every grid point is applied to the preset with
// applyOverride() and validated before any training, so a bad value exits 2 naming its key. Each run
// is an in-process headless run (headless_runner.h's runInFolder) into
// DIR/runs/<index>_<key>=<value>_..._r<r>/, on its own Trainer, single-threaded, J runs at a time on a
// thread pool. DIR/sweep.csv (sweep_table.h) holds one row per run, sorted by grid index, and
// DIR/sweep.png and DIR/sweep.pdf draw it (ui/sweep_figure.h). --shard I/N (0-based) runs only the
// indices with index % N == I; --merge joins shard folders into the same sweep.csv an unsharded sweep
// writes (time_s aside) and redraws the figure from it.
//
// Everything that can be checked is checked in SweepJob::prepare(), before any training.
// Exit status: 0 when sweep.csv and the figure are written — a diverged run is a row with status
// diverged, not a failure, since divergence at large lr is a result; 3 when every run of this
// invocation diverged (nothing usable); 2 for bad usage or input, with one line on stderr: a bad
// grid value before any training, or a run that could not read its data or write its folder (the
// sweep then starts no further run and writes no sweep.csv).
#pragma once

#include "command_line.h"
#include "common/run_config.h"
#include "sweep_table.h"

#include <QTextStream>

namespace rankscope {

// One run of a sweep's grid.
struct SweepRun {
    int index = 0;      // grid index
    QStringList values; // one per swept key, as written
    int repeat = 0;
    RunConfig config; // the preset with the values applied, seed + repeat
};

class SweepJob {
public:
    // Checks a --sweep or --merge command line before any application object exists (the offscreen
    // platform that later draws the figure may print warnings of its own, which would bury a
    // mistake's one line): a sweep's every value and grid point, a merge's shard files.
    static Result<SweepJob> prepare(const CommandLineOptions& options, QTextStream& err);

    // Runs the sweep (or writes the merge) into --out DIR; needs a QApplication for the figure.
    // Returns the exit status.
    int run(QTextStream& out, QTextStream& err) const;

private:
    int runSweep(QTextStream& out, QTextStream& err) const;
    int writeMerge(QTextStream& out, QTextStream& err) const;

    CommandLineOptions m_options;
    QList<SweepRun> m_runs; // a sweep: this shard's runs, in grid order
    qsizetype m_gridSize = 0;
    int m_layerCount = 0; // weight matrices of the deepest run in the grid
    SweepTable m_merged;  // a merge: the joined shards
    QList<int> m_missing; // a merge: grid indices in none of the shards
};

} // namespace rankscope
