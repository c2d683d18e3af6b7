// MetricsCsvWriter: the headless run's DIR/metrics.csv (DESIGN.md "Command line"), one row per
// Snapshot. Columns, in this order:
//   1. the contract: step,epoch,time_s,batch_size,lr,weight_decay,train_loss,train_acc,test_loss,
//      test_acc,mean_rank,mean_effective_rank,mean_stable_rank,update_noise,nullspace_norm
//      (update_noise is the mean over hidden layers of the last step's ||dW||_F / ||W||_F)
//   2. run extras: momentum,update_noise_ema,gradient_noise,nullspace_theory,rho,rank_bound,collapsed
//   3. per weight matrix L1..Ln (classifier last):
//      rank_Li,effective_rank_Li,stable_rank_Li,update_noise_Li,fro_Li
//   4. per-layer extras: spectral_L1..spectral_Ln, then epoch_change_L1..epoch_change_Ln, then
//      operator_rank_L1.., operator_spectral_L1.. (a conv layer as an operator; nan for other layers)
// Numbers are written in the shortest form that reads back as the same double (so a CSV
// reproduces the run's values exactly); integers as integers; flags as 0/1; a value not measured
// (e.g. train_acc for regression) as `nan`, an infinite one (rank_bound at wd = 0) as `inf`; both
// are read by numpy and pandas. The file is DIR/metrics.csv.partial until finish() renames it to
// DIR/metrics.csv; each row is flushed, so a crash leaves every row written so far in the .partial.
// Leaves out: when to write a row (the headless runner decides) and the GUI's history export.
#pragma once

#include "common/result.h"
#include "session/snapshot.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace rankscope {

class MetricsCsvWriter {
public:
    static QByteArray headerLine(int layerCount); // with the trailing '\n'
    static QByteArray rowLine(const Snapshot& snapshot);

    // Creates `directory` if needed, removes a stale DIR/metrics.csv from an earlier run and
    // writes the header for `layerCount` weight matrices to DIR/metrics.csv.partial.
    Status open(const QString& directory, int layerCount);
    // Appends a row; the snapshot must have layerCount layers.
    Status writeRow(const Snapshot& snapshot);
    // Closes the file and renames it to DIR/metrics.csv. Without it (an error, a crash) the rows
    // stay in DIR/metrics.csv.partial.
    Status finish();

    QString path() const;        // DIR/metrics.csv
    QString partialPath() const; // DIR/metrics.csv.partial
    qint64 rowCount() const { return m_rows; }

private:
    Status writeLine(const QByteArray& line);

    QFile m_file;
    QString m_directory;
    int m_layerCount = 0;
    qint64 m_rows = 0;
};

} // namespace rankscope
