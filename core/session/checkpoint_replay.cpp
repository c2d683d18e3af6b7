#include "session/checkpoint_replay.h"

#include "io/tensor.h"

namespace rankscope {

CheckpointReplay::CheckpointReplay(TensorExclusion exclusion, double eps, RankNorm norm)
    : m_exclusion(std::move(exclusion))
    , m_eps(eps)
    , m_norm(norm) {}

Status CheckpointReplay::checkSameTensors(const QString& path,
                                          const std::vector<WeightMatrix>& weights) const {
    bool same = weights.size() == m_shapes.size();
    for (std::size_t l = 0; same && l < weights.size(); ++l)
        same = weights[l].name == m_names[int(l)] && weights[l].shape == m_shapes[l];
    if (same)
        return success();
    QStringList now;
    for (const WeightMatrix& weight : weights)
        now << weight.name + ' ' + shapeText(weight.shape);
    return Status::failure(QString("%1: its weight matrices (%2) are not those of the first checkpoint (%3)")
                               .arg(path, now.join(", "), m_descriptions.join(", ")));
}

Result<CheckpointPoint> CheckpointReplay::analyze(const CheckpointFile& file,
                                                  const std::atomic<bool>& cancel) {
    using R = Result<CheckpointPoint>;
    Result<std::vector<WeightMatrix>> read = readWeightMatrices(file.path, m_exclusion);
    if (!read)
        return R::failure(read.error());
    if (m_count > 0)
        if (Status same = checkSameTensors(file.path, read.value()); !same)
            return R::failure(same.error());

    QStringList names, descriptions;
    std::vector<std::vector<qint64>> shapes;
    std::vector<Eigen::MatrixXf> matrices;
    for (WeightMatrix& weight : read.value()) {
        names << weight.name;
        descriptions << describe(weight);
        shapes.push_back(weight.shape);
        matrices.push_back(std::move(weight.matrix));
    }
    std::vector<double> initialFrobenius = m_initialFrobenius;
    if (m_count == 0)
        for (const Eigen::MatrixXf& matrix : matrices)
            initialFrobenius.push_back(matrix.norm());
    std::optional<NetworkAnalysis> analysis = analyzeCheckpoint(matrices, m_count > 0 ? &m_previous : nullptr,
                                                                initialFrobenius, m_eps, m_norm, cancel);
    if (!analysis)
        return R::failure(QString("%1: cancelled").arg(file.path));

    if (m_count == 0) {
        m_names = names;
        m_descriptions = descriptions;
        m_shapes = shapes;
        m_initialFrobenius = std::move(initialFrobenius);
    }
    m_previous = std::move(matrices);
    ++m_count;
    return CheckpointPoint{file.step, file.path, std::move(analysis).value()};
}

} // namespace rankscope
