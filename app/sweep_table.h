// SweepTable: DIR/sweep.csv of a sweep, one row per run, in memory. Columns, in this order:
//   index                      the run's grid index (sorts the rows; --merge checks it is unique)
//   <swept key>...             one per --sweep key, dotted, the value as written on the command line
//   repeat, seed               repeat r = 0..R-1 and the seed it ran with (preset seed + r)
//   mean_rank, rank_L1..rank_Ln, mean_effective_rank, mean_stable_rank, train_acc, test_acc,
//   steps, epochs, time_s, status
// The final values of each run; rank_Li for i beyond a run's depth is `nan`; train_acc is the final
// weights on the whole training set; time_s is wall time (the one column a re-run changes); status is
// ok, collapsed (weight decay shrank a hidden layer to nothing) or diverged. A field holding a comma
// or a quote (e.g. model.hidden=[64,64]) is quoted as RFC 4180 says.
// Leaves out: running the sweep (sweep_runner.h) and drawing it (ui/sweep_figure.h).
#pragma once

#include "common/result.h"
#include "sweep_figure.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace rankscope {

struct SweepTable {
    QStringList header;
    QList<QStringList> rows; // sorted by index

    // The header for these swept keys and weight-matrix count (the deepest run's, classifier included).
    static QStringList makeHeader(const QStringList& sweptKeys, int layerCount);
    QStringList sweptKeys() const; // the columns between index and repeat

    // Inserts a row keeping the rows sorted by index.
    void addRow(const QStringList& row);

    // Writes the file atomically (QSaveFile).
    Status write(const QString& path) const;
    static Result<SweepTable> read(const QString& path);
};

// Joins the DIR/sweep.csv of every folder: identical headers and no grid index twice, else an error
// naming the files; rows sorted by index. Grid indices missing between them (a shard not joined)
// are listed in *missing.
Result<SweepTable> mergeSweepTables(const QStringList& folders, QList<int>* missing);

// What the figure draws of a table.
SweepFigureData sweepFigureData(const SweepTable& table);

} // namespace rankscope
