// CheckpointReplay: the run source for checkpoints written by someone else (DESIGN.md "Where it grows
// next"): it reads the weight matrices of one checkpoint file after another (io/weight_matrices.h)
// and analyses each with the same measures as a RankScope training (measures/checkpoint_analysis.h),
// remembering what the next checkpoint is measured against: the first checkpoint's norms (collapse
// rule) and the previous checkpoint's matrices (change per checkpoint). Every checkpoint must hold
// the same tensors with the same shapes as the first. Synchronous; the caller picks the thread and
// may cancel from another one.
#pragma once

#include "common/result.h"
#include "io/checkpoint_list.h"
#include "io/weight_matrices.h"
#include "measures/checkpoint_analysis.h"

#include <atomic>
#include <vector>

namespace rankscope {

struct CheckpointPoint {
    qint64 step = 0;
    QString path;
    NetworkAnalysis analysis; // layers in the order of matrixNames(); updateNoise = change per checkpoint
};

class CheckpointReplay {
public:
    CheckpointReplay(TensorExclusion exclusion, double eps, RankNorm norm);

    // Reads and analyses `file`, the next checkpoint in time. A failure (unreadable file, other
    // tensors than the first checkpoint's, "cancelled") leaves the replay as it was.
    Result<CheckpointPoint> analyze(const CheckpointFile& file, const std::atomic<bool>& cancel);

    // Set by the first checkpoint analysed: names and "name [shape] as rows x cols" descriptions.
    const QStringList& matrixNames() const { return m_names; }
    const QStringList& matrixDescriptions() const { return m_descriptions; }
    int checkpointsAnalysed() const { return m_count; }

private:
    Status checkSameTensors(const QString& path, const std::vector<WeightMatrix>& weights) const;

    TensorExclusion m_exclusion;
    double m_eps;
    RankNorm m_norm;
    QStringList m_names, m_descriptions;
    std::vector<std::vector<qint64>> m_shapes;
    std::vector<double> m_initialFrobenius;
    std::vector<Eigen::MatrixXf> m_previous;
    int m_count = 0;
};

} // namespace rankscope
