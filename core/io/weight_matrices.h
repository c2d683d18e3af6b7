// The weight matrices of one model file (DESIGN.md "Conv layers are matrices by reshaping"):
// 2-D tensors [out, in] as they are (Linear), 4-D tensors [out, in, kh, kw] (Conv2d, PyTorch layout)
// reshaped to [out, in*kh*kw]; 1-D and 0-D tensors (biases, norms, counters) and 3-D or 5-D ones are
// skipped, and so is every tensor whose name matches one of the exclusion wildcards (e.g.
// "*embed*"). The order is the file's (npz) or the natural order of the names (safetensors).
#pragma once

#include "common/result.h"

#include <Eigen/Core>
#include <QString>
#include <QStringList>
#include <vector>

namespace rankscope {

struct WeightMatrix {
    QString name;              // the tensor's name in the file
    std::vector<qint64> shape; // its shape as stored, e.g. [16, 1, 3, 3]
    Eigen::MatrixXf matrix;    // [out, in] or [out, in*kh*kw]
};

// "conv1.weight [16, 1, 3, 3] as 16x9": a label for lists and messages.
QString describe(const WeightMatrix& weight);

// Wildcards (* and ?) matched against whole tensor names.
class TensorExclusion {
public:
    explicit TensorExclusion(const QStringList& patterns = {});
    bool excludes(const QString& name) const;
    bool isEmpty() const { return m_patterns.isEmpty(); }

private:
    QStringList m_patterns;
};

Result<std::vector<WeightMatrix>> readWeightMatrices(const QString& path, const TensorExclusion& exclusion);

} // namespace rankscope
