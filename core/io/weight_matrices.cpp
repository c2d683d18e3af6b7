#include "io/weight_matrices.h"

#include "io/tensor.h"
#include "io/tensor_file.h"

#include <QRegularExpression>
#include <algorithm>

namespace rankscope {

QString describe(const WeightMatrix& weight) {
    return QString("%1 %2 as %3x%4")
        .arg(weight.name, shapeText(weight.shape))
        .arg(weight.matrix.rows())
        .arg(weight.matrix.cols());
}

TensorExclusion::TensorExclusion(const QStringList& patterns)
    : m_patterns(patterns) {}

bool TensorExclusion::excludes(const QString& name) const {
    for (const QString& pattern : m_patterns) {
        const QRegularExpression wildcard(QRegularExpression::wildcardToRegularExpression(pattern));
        if (wildcard.match(name).hasMatch())
            return true;
    }
    return false;
}

Result<std::vector<WeightMatrix>> readWeightMatrices(const QString& path, const TensorExclusion& exclusion) {
    using R = Result<std::vector<WeightMatrix>>;
    const auto isMatrix = [&exclusion](const QString& name, const std::vector<qint64>& shape) {
        return (shape.size() == 2 || shape.size() == 4) &&
               std::all_of(shape.begin(), shape.end(), [](qint64 dim) { return dim > 0; }) &&
               !exclusion.excludes(name);
    };
    Result<std::vector<Tensor>> tensors = readTensorFile(path, isMatrix);
    if (!tensors)
        return R::failure(tensors.error());
    std::vector<WeightMatrix> weights;
    for (Tensor& tensor : tensors.value()) {
        const Eigen::Index rows = tensor.shape[0];
        const Eigen::Index cols = rows == 0 ? 0 : Eigen::Index(tensor.values.size()) / rows;
        // C order [out, rest] is a row-major rows x cols matrix; Eigen's default is column-major.
        using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        Eigen::MatrixXf matrix = Eigen::Map<const RowMajor>(tensor.values.data(), rows, cols);
        weights.push_back({tensor.name, tensor.shape, std::move(matrix)});
        tensor.values = {}; // the copy is made: free the tensor's floats now
    }
    if (weights.empty())
        return R::failure(QString("%1: no weight matrices (2-D or 4-D float tensors)%2")
                              .arg(path, exclusion.isEmpty() ? "" : " left after the exclusions"));
    return weights;
}

} // namespace rankscope
