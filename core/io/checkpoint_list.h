// listCheckpoints: the points in time a path holds, in order, for --open and --watch
// (DESIGN.md "Where it grows next": the run folder is the one interchange format).
//   a run folder      DIR/weights/step_*.npz (+ DIR/metrics.csv, DIR/config.json), as the headless
//                     runner and the Python probe write it
//   a checkpoint folder  *.npz and *.safetensors files; ordered by the step number in their names
//                     (the last run of digits: step_500.npz, checkpoint-1000.safetensors) when every
//                     name has a distinct one, else by natural order of the names, steps 0, 1, 2, ...
//   one file          a single point in time
// Temporary names are never listed: only *.npz and *.safetensors count, hidden files are skipped,
// so "step_X.npz.tmp", ".step_X.npz" and libzip's "step_X.npz.aB3xYz" stay out until renamed.
// A folder holding only pickles is refused with the conversion (tensor.h pickleRefusal).
#pragma once

#include "common/result.h"

#include <QList>
#include <QString>
#include <optional>

namespace rankscope {

struct CheckpointFile {
    qint64 step = 0;
    QString path;
};

struct CheckpointList {
    QString folder;              // where the checkpoint files are (DIR/weights for a run folder)
    QString runFolder;           // the run folder, or empty
    QList<CheckpointFile> files; // in order of step
};

Result<CheckpointList> listCheckpoints(const QString& path);

// The step number in a checkpoint's file name: its last run of digits, if any.
std::optional<qint64> stepInName(const QString& fileName);

} // namespace rankscope
