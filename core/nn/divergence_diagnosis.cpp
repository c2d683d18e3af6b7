#include "nn/divergence_diagnosis.h"

#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

// A loss or weight norm that grew by less than this over the trace is "no visible build-up".
constexpr double kVisibleGrowth = 10;

QString number(double value) {
    return QString::number(value, 'g', 3);
}

// "45", "1e6": growth factors as a lecturer would say them.
QString factor(double ratio) {
    if (ratio >= 1000)
        return QString("1e%1").arg(std::lround(std::log10(ratio)));
    return QString::number(ratio, 'g', 2);
}

DivergenceDiagnosis weightDecayUnstable(const TrainConfig& train) {
    const double lrWd = train.lr * train.weight_decay;
    if (train.momentum == 0)
        return {DivergenceCause::WeightDecayUnstable, QString("lr·wd = %1 ≥ 2").arg(number(lrWd)),
                QString("weight decay alone multiplies W by 1 − lr·wd = %1 each step, flipping its sign "
                        "without shrinking it")
                    .arg(number(1 - lrWd))};
    return {DivergenceCause::WeightDecayUnstable,
            QString("lr·wd = %1 ≥ 2·(1 + momentum) = %2")
                .arg(number(lrWd), number(weightDecayStabilityLimit(train.momentum))),
            "with momentum, weight decay alone makes W oscillate with a growing amplitude"};
}

// What the trace shows before the blow-up: the growth of the loss from its lowest point, and of ‖W‖.
QString buildUp(std::span<const StepRecord> steps) {
    if (steps.empty())
        return "the very first step overflowed";
    const auto lowest = std::min_element(
        steps.begin(), steps.end(), [](const StepRecord& a, const StepRecord& b) { return a.loss < b.loss; });
    const StepRecord& last = steps.back();
    const double lossGrowth = last.loss / std::max(lowest->loss, 1e-30);
    if (lossGrowth < kVisibleGrowth)
        return QString("the loss turned non-finite within one step, with no build-up over the last %1 steps")
            .arg(steps.size());
    QString text =
        QString("the loss grew ×%1 in %2 steps").arg(factor(lossGrowth)).arg(last.step - lowest->step);
    const double weightGrowth = last.weightNorm / std::max(lowest->weightNorm, 1e-30);
    if (weightGrowth >= kVisibleGrowth)
        text += QString(" and ‖W‖ ×%1").arg(factor(weightGrowth));
    return text;
}

} // namespace

double weightDecayStabilityLimit(double momentum) {
    return 2 * (1 + momentum);
}

DivergenceDiagnosis diagnoseDivergence(const TrainConfig& train, int batchSize,
                                       std::span<const StepRecord> recentSteps) {
    if (train.lr * train.weight_decay >= weightDecayStabilityLimit(train.momentum))
        return weightDecayUnstable(train);
    return {DivergenceCause::LearningRateTooLarge,
            QString("lr = %1 too large for batch size %2").arg(number(train.lr)).arg(batchSize),
            buildUp(recentSteps)};
}

} // namespace rankscope
