#include "nn/divergence_diagnosis.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rankscope {
namespace {

// A loss or weight norm that grew by less than this over the trace is "no visible build-up".
constexpr double kVisibleGrowth = 10;

QString number(double value) {
    return QString::number(value, 'g', 3);
}

QString stepCount(std::int64_t count) {
    return QString("%1 step%2").arg(count).arg(count == 1 ? "" : "s");
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

// The blow-up starts at the last step whose loss was still typical, i.e. at most the trace's median
// loss: measuring from the lowest mini-batch loss instead would date it to a lucky batch long before.
const StepRecord& blowUpStart(std::span<const StepRecord> steps) {
    std::vector<double> losses;
    for (const StepRecord& record : steps)
        losses.push_back(record.loss);
    const auto middle = losses.begin() + losses.size() / 2;
    std::nth_element(losses.begin(), middle, losses.end());
    const double typical = *middle;
    const auto start =
        std::find_if(steps.rbegin(), steps.rend(), [&](const StepRecord& r) { return r.loss <= typical; });
    return *start; // exists: the median itself is one of the losses
}

// What the trace shows before the non-finite step: how much the loss (and ‖W‖) grew since it was typical.
QString buildUp(std::span<const StepRecord> steps) {
    if (steps.empty())
        return "the very first step overflowed";
    const StepRecord& start = blowUpStart(steps);
    const StepRecord& last = steps.back();
    const double lossGrowth = last.loss / std::max(start.loss, 1e-30);
    if (lossGrowth < kVisibleGrowth)
        return "the loss turned non-finite within one step, with no build-up over the last " +
               stepCount(static_cast<std::int64_t>(steps.size()));
    QString text =
        QString("the loss grew ×%1 in %2").arg(factor(lossGrowth), stepCount(last.step - start.step));
    const double weightGrowth = last.weightNorm / std::max(start.weightNorm, 1e-30);
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
