// CheckpointCsvWriter: what `rankscope --headless --open/--watch` writes, one row per checkpoint.
//   DIR/metrics.csv
//     step,mean_rank,mean_effective_rank,mean_stable_rank,mean_change_per_checkpoint,rho,collapsed,
//     then for each weight matrix NAME (the tensor's name in the file, in layer order):
//     rank_NAME,effective_rank_NAME,stable_rank_NAME,fro_NAME,spectral_NAME,change_per_checkpoint_NAME
//   DIR/singular_values.csv
//     step,tensor,index,value  (s_1 >= s_2 >= ... of every matrix, index from 1)
// "change per checkpoint" is ||W_k - W_{k-1}||_F / ||W_{k-1}||_F between consecutive checkpoints
// (nan for the first), not a per-step update noise. Means are over hidden layers (all but the
// last matrix), as in a RankScope run. Numbers as csv_number.h writes them; each row is flushed,
// so a watcher's file is complete up to its last checkpoint at any moment.
#pragma once

#include "common/result.h"
#include "measures/network_analysis.h"

#include <QFile>
#include <QStringList>

namespace rankscope {

class CheckpointCsvWriter {
public:
    static QByteArray headerLine(const QStringList& matrixNames);
    static QByteArray rowLine(qint64 step, const NetworkAnalysis& analysis);

    // Creates `directory` if needed and starts both files with their headers (replacing old ones).
    Status open(const QString& directory, const QStringList& matrixNames);
    Status append(qint64 step, const NetworkAnalysis& analysis);

private:
    Status write(QFile& file, const QByteArray& text);

    QStringList m_names;
    QFile m_metrics, m_singularValues;
};

} // namespace rankscope
