#include "measures/checkpoint_analysis.h"

#include <QThread>
#include <algorithm>
#include <cassert>
#include <numeric>
#include <thread>

namespace rankscope {

std::optional<NetworkAnalysis> analyzeCheckpoint(const std::vector<Eigen::MatrixXf>& weights,
                                                 const std::vector<Eigen::MatrixXf>* previous,
                                                 const std::vector<double>& initialFrobenius, double eps,
                                                 RankNorm norm, const std::atomic<bool>& cancel,
                                                 int threads) {
    assert(!weights.empty() && initialFrobenius.size() == weights.size());
    assert(!previous || previous->size() == weights.size());
    std::vector<std::size_t> largestFirst(weights.size());
    std::iota(largestFirst.begin(), largestFirst.end(), 0);
    std::stable_sort(largestFirst.begin(), largestFirst.end(),
                     [&](std::size_t a, std::size_t b) { return weights[a].size() > weights[b].size(); });

    std::vector<LayerAnalysis> layers(weights.size());
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t k = next++; k < largestFirst.size() && !cancel; k = next++) {
            const std::size_t l = largestFirst[k];
            layers[l] = analyzeSpectrum(weights[l], eps, norm, initialFrobenius[l]);
            if (previous) {
                const double before = (*previous)[l].norm();
                layers[l].updateNoise =
                    before > 0 ? ((weights[l] - (*previous)[l]).norm() / before) : kNotMeasured;
            }
        }
    };
    const int count = std::clamp(threads > 0 ? threads : QThread::idealThreadCount(), 1, int(weights.size()));
    std::vector<std::jthread> helpers;
    for (int t = 1; t < count; ++t)
        helpers.emplace_back(work);
    work();
    helpers.clear(); // joins
    if (cancel)
        return std::nullopt;
    return combineLayers(std::move(layers));
}

} // namespace rankscope
