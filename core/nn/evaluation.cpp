#include "nn/evaluation.h"

#include <algorithm>
#include <limits>

namespace rankscope {

Evaluation evaluate(Network& net, LossKind kind, const Dataset& set, int maxSamples) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    const int n = std::min(set.size(), maxSamples);
    if (n == 0)
        return {kNaN, kNaN};
    const int chunk = net.reservedBatch();
    double loss = 0;
    int correct = 0;
    for (int start = 0; start < n; start += chunk) {
        const int count = std::min(chunk, n - start);
        const ChunkTargets targets =
            set.isRegression() ? ChunkTargets{{}, &set.targets, start}
                               : ChunkTargets{std::span(set.labels).subspan(start, count), nullptr, 0};
        const LossSums sums = lossOnly(kind, net.forward(set.x.middleCols(start, count)), targets, n);
        loss += sums.loss;
        correct += sums.correct;
    }
    return {loss, set.isRegression() ? kNaN : static_cast<double>(correct) / n};
}

} // namespace rankscope
