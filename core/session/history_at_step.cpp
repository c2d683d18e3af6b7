#include "session/history_at_step.h"

#include "common/train_settings.h"

#include <algorithm>
#include <cassert>

namespace rankscope {
namespace {

// The index of the last entry of ascending `steps` that is <= step, or 0.
std::size_t indexAtOrBefore(const std::vector<double>& steps, double step) {
    const auto after = std::upper_bound(steps.begin(), steps.end(), step);
    return after == steps.begin() ? 0 : static_cast<std::size_t>(after - steps.begin()) - 1;
}

double valueAt(const MetricHistory& series, std::size_t index) {
    return index < series.values().size() ? series.values()[index] : kNotMeasured;
}

// The snapshot of the history's last point, which is the chosen one.
Snapshot rebuildSnapshot(const RunHistory& past, const Snapshot& present) {
    const std::size_t i = past.meanRank.size() - 1;
    Snapshot snapshot;
    snapshot.step = static_cast<std::int64_t>(past.meanRank.steps()[i]);
    snapshot.epoch = past.meanRank.epochs()[i];
    snapshot.state = present.state == RunState::Running ? RunState::Paused : present.state;
    snapshot.batchSize = present.batchSize;
    snapshot.weights = present.weights;
    snapshot.layerNames = present.layerNames;
    snapshot.fromCheckpoints = present.fromCheckpoints;
    snapshot.events = past.events;
    snapshot.train = present.train;
    for (auto event = present.events.rbegin(); event != present.events.rend(); ++event)
        if (event->step > snapshot.step)
            if (const TrainSetting* setting = findTrainSetting(event->name))
                setting->setValue(snapshot.train, event->oldValue);
    snapshot.metrics = {valueAt(past.trainLoss, i), valueAt(past.trainAcc, i), valueAt(past.testLoss, i),
                        valueAt(past.testAcc, i)};
    NetworkAnalysis& a = snapshot.analysis;
    a.meanRank = valueAt(past.meanRank, i);
    a.meanEffectiveRank = valueAt(past.meanEffectiveRank, i);
    a.meanStableRank = valueAt(past.meanStableRank, i);
    a.rankBound = valueAt(past.rankBound, i);
    a.meanUpdateNoise = valueAt(past.updateNoise, i);
    a.meanUpdateNoiseEma = valueAt(past.updateNoiseEma, i);
    a.gradientNoise = valueAt(past.gradientNoise, i);
    a.nullSpaceNorm = valueAt(past.nullSpaceNorm, i);
    a.nullSpaceTheory = valueAt(past.nullSpaceTheory, i);
    for (std::size_t l = 0; l < past.layers.size(); ++l) {
        const LayerHistory& layer = past.layers[l];
        LayerAnalysis& shown = a.layers.emplace_back();
        shown.rank = static_cast<int>(valueAt(layer.rank, i));
        shown.effectiveRank = valueAt(layer.effectiveRank, i);
        shown.stableRank = valueAt(layer.stableRank, i);
        shown.updateNoiseEma = valueAt(layer.updateNoise, i);
        shown.frobenius = valueAt(layer.frobenius, i);
        if (!layer.spectra.isEmpty())
            shown.singularValues = layer.spectra.values().back();
        shown.spectral = shown.singularValues.size() > 0 ? shown.singularValues[0] : 0;
    }
    return snapshot;
}

} // namespace

std::vector<std::int64_t> recordedSteps(const RunHistory& history) {
    std::vector<std::int64_t> steps;
    steps.reserve(history.meanRank.steps().size());
    for (const double step : history.meanRank.steps())
        steps.push_back(static_cast<std::int64_t>(step));
    return steps;
}

HistoryAtStep historyAtStep(const RunHistory& history, const Snapshot& present, std::int64_t step) {
    assert(!history.isEmpty());
    const std::vector<double>& steps = history.meanRank.steps();
    const double chosen = steps[indexAtOrBefore(steps, static_cast<double>(step))];
    HistoryAtStep past{history, {}};
    past.history.truncateAfter(static_cast<std::int64_t>(chosen));
    std::erase_if(past.history.events, [&](const ChangeEvent& event) { return event.step > chosen; });
    past.snapshot = rebuildSnapshot(past.history, present);
    return past;
}

} // namespace rankscope
