#include "layer_key.h"

#include <algorithm>

namespace rankscope {
namespace {

int layerCount(const Snapshot& latest) {
    return static_cast<int>(std::max({latest.analysis.layers.size(), latest.weights.size(),
                                      static_cast<std::size_t>(latest.layerNames.size())}));
}

} // namespace

QString layerName(const Snapshot& latest, int layer) {
    if (layer < 0 || layer >= layerCount(latest))
        return QString();
    if (layer < latest.layerNames.size())
        return latest.layerNames[layer];
    if (layer < static_cast<int>(latest.weights.size())) {
        const Eigen::MatrixXf& W = latest.weights[layer];
        return QString("L%1 (%2→%3)").arg(layer + 1).arg(W.cols()).arg(W.rows());
    }
    return QString("L%1").arg(layer + 1);
}

LayerKey layerKeyFor(const Snapshot& latest) {
    LayerKey key;
    const std::vector<LayerAnalysis>& analysis = latest.analysis.layers;
    for (int l = 0; l < layerCount(latest); ++l) {
        QString text = layerName(latest, l);
        if (l < static_cast<int>(analysis.size()) && analysis[l].collapsed)
            text += ": collapsed";
        else if (l < static_cast<int>(analysis.size()) && analysis[l].singularValues.size() > 0)
            text += QString(", max rank %1").arg(analysis[l].singularValues.size());
        key.append({l, text});
    }
    return key;
}

} // namespace rankscope
