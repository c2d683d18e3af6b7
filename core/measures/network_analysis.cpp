#include "measures/network_analysis.h"

#include "measures/spectrum.h"

#include <cassert>
#include <cmath>

namespace rankscope {
namespace {

// Averages `field` over the hidden layers (all layers for a linear model), skipping NaNs.
template <typename Field> double hiddenMean(const std::vector<LayerAnalysis>& layers, Field field) {
    const std::size_t hidden = layers.size() > 1 ? layers.size() - 1 : layers.size();
    double sum = 0;
    int count = 0;
    for (std::size_t l = 0; l < hidden; ++l) {
        const double value = field(layers[l]);
        if (!std::isnan(value)) {
            sum += value;
            ++count;
        }
    }
    return count ? sum / count : kNotMeasured;
}

} // namespace

NetworkAnalysis analyzeWeights(const std::vector<Eigen::MatrixXf>& weights,
                               const std::vector<double>& initialFrobenius, double eps, RankNorm norm) {
    assert(weights.size() == initialFrobenius.size() && !weights.empty());
    std::vector<LayerAnalysis> layers;
    for (std::size_t l = 0; l < weights.size(); ++l)
        layers.push_back(analyzeSpectrum(weights[l], eps, norm, initialFrobenius[l]));
    return combineLayers(std::move(layers));
}

NetworkAnalysis combineLayers(std::vector<LayerAnalysis> layers) {
    assert(!layers.empty());
    NetworkAnalysis analysis;
    analysis.layers = std::move(layers);
    analysis.rho = 1;
    for (const LayerAnalysis& layer : analysis.layers)
        analysis.rho *= layer.frobenius;
    const std::size_t hidden =
        analysis.layers.size() > 1 ? analysis.layers.size() - 1 : analysis.layers.size();
    for (std::size_t l = 0; l < hidden; ++l)
        analysis.collapsed = analysis.collapsed || analysis.layers[l].collapsed;
    updateHiddenMeans(analysis);
    return analysis;
}

void updateHiddenMeans(NetworkAnalysis& analysis) {
    const auto& layers = analysis.layers;
    analysis.meanRank = hiddenMean(layers, [](const LayerAnalysis& a) { return double(a.rank); });
    analysis.meanEffectiveRank = hiddenMean(layers, [](const LayerAnalysis& a) { return a.effectiveRank; });
    analysis.meanStableRank = hiddenMean(layers, [](const LayerAnalysis& a) { return a.stableRank; });
    analysis.meanUpdateNoise = hiddenMean(layers, [](const LayerAnalysis& a) { return a.updateNoise; });
    analysis.meanUpdateNoiseEma = hiddenMean(layers, [](const LayerAnalysis& a) { return a.updateNoiseEma; });
}

} // namespace rankscope
