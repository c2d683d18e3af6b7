#include "session/run_history.h"

#include <QSaveFile>
#include <cmath>

namespace rankscope {
namespace {

// A whole-network series: its CSV column, its member and its value in a snapshot.
struct RunSeries {
    const char* column;
    MetricHistory RunHistory::*member;
    double (*value)(const Snapshot&);
};

const RunSeries kRunSeries[] = {
    {"mean_rank", &RunHistory::meanRank, [](const Snapshot& s) { return s.analysis.meanRank; }},
    {"mean_effective_rank", &RunHistory::meanEffectiveRank,
     [](const Snapshot& s) { return s.analysis.meanEffectiveRank; }},
    {"mean_stable_rank", &RunHistory::meanStableRank,
     [](const Snapshot& s) { return s.analysis.meanStableRank; }},
    {"rank_bound", &RunHistory::rankBound, [](const Snapshot& s) { return s.analysis.rankBound; }},
    {"update_noise", &RunHistory::updateNoise, [](const Snapshot& s) { return s.analysis.meanUpdateNoise; }},
    {"update_noise_ema", &RunHistory::updateNoiseEma,
     [](const Snapshot& s) { return s.analysis.meanUpdateNoiseEma; }},
    {"gradient_noise", &RunHistory::gradientNoise,
     [](const Snapshot& s) { return s.analysis.gradientNoise; }},
    {"train_loss", &RunHistory::trainLoss, [](const Snapshot& s) { return s.metrics.trainLoss; }},
    {"train_acc", &RunHistory::trainAcc, [](const Snapshot& s) { return s.metrics.trainAcc; }},
    {"test_loss", &RunHistory::testLoss, [](const Snapshot& s) { return s.metrics.testLoss; }},
    {"test_acc", &RunHistory::testAcc, [](const Snapshot& s) { return s.metrics.testAcc; }},
    {"nullspace_norm", &RunHistory::nullSpaceNorm,
     [](const Snapshot& s) { return s.analysis.nullSpaceNorm; }},
    {"nullspace_theory", &RunHistory::nullSpaceTheory,
     [](const Snapshot& s) { return s.analysis.nullSpaceTheory; }},
};

// A per-layer series: its CSV column (suffixed _L1.._Ln), its member and its value in a layer's analysis.
struct LayerSeries {
    const char* column;
    MetricHistory LayerHistory::*member;
    double (*value)(const LayerAnalysis&);
};

const LayerSeries kLayerSeries[] = {
    {"rank", &LayerHistory::rank, [](const LayerAnalysis& l) { return double(l.rank); }},
    {"effective_rank", &LayerHistory::effectiveRank, [](const LayerAnalysis& l) { return l.effectiveRank; }},
    {"stable_rank", &LayerHistory::stableRank, [](const LayerAnalysis& l) { return l.stableRank; }},
    {"update_noise", &LayerHistory::updateNoise, [](const LayerAnalysis& l) { return l.updateNoiseEma; }},
    {"fro", &LayerHistory::frobenius, [](const LayerAnalysis& l) { return l.frobenius; }},
};

} // namespace

LayerHistory::LayerHistory(int capacity, int spectrumCapacity)
    : spectra(spectrumCapacity) {
    for (const LayerSeries& series : kLayerSeries)
        this->*series.member = MetricHistory(capacity);
}

RunHistory::RunHistory(int capacity, int spectrumCapacity)
    : m_capacity(capacity)
    , m_spectrumCapacity(spectrumCapacity) {
    for (const RunSeries& series : kRunSeries)
        this->*series.member = MetricHistory(capacity);
}

void RunHistory::clear() {
    for (const RunSeries& series : kRunSeries)
        (this->*series.member).clear();
    layers.clear();
    initialSpectra.clear();
    initialOperatorSpectra.clear();
    events.clear();
    m_lastStep = -1;
}

void RunHistory::truncateAfter(std::int64_t step) {
    const double kept = static_cast<double>(step);
    for (const RunSeries& series : kRunSeries)
        (this->*series.member).truncateAfter(kept);
    for (LayerHistory& layer : layers) {
        for (const LayerSeries& series : kLayerSeries)
            (layer.*series.member).truncateAfter(kept);
        layer.spectra.truncateAfter(kept);
    }
    m_lastStep = meanRank.isEmpty() ? -1 : static_cast<std::int64_t>(meanRank.steps().back());
}

void RunHistory::append(const Snapshot& snapshot) {
    if (snapshot.step == 0 && m_lastStep > 0)
        clear();
    else if (snapshot.step < m_lastStep)
        truncateAfter(snapshot.step);
    events = snapshot.events; // a rollback also rewrites them
    if (snapshot.step <= m_lastStep)
        return;
    m_lastStep = snapshot.step;
    const NetworkAnalysis& a = snapshot.analysis;
    const double step = static_cast<double>(snapshot.step);
    const double epoch = snapshot.epoch;
    // A diverged run's weights are NaN or Inf: it measured nothing, so its lines end at the last
    // healthy point rather than drawing a ramp to whatever an SVD of NaN returns.
    const bool measured = snapshot.state != RunState::Diverged;
    for (const RunSeries& series : kRunSeries)
        (this->*series.member).append(step, epoch, measured ? series.value(snapshot) : kNotMeasured);
    if (layers.empty())
        for (const LayerAnalysis& layer : a.layers) {
            layers.emplace_back(m_capacity, m_spectrumCapacity);
            initialSpectra.push_back(layer.singularValues);
            initialOperatorSpectra.push_back(layer.operatorSingularValues);
        }
    for (std::size_t l = 0; l < a.layers.size() && l < layers.size(); ++l) {
        for (const LayerSeries& series : kLayerSeries)
            (layers[l].*series.member)
                .append(step, epoch, measured ? series.value(a.layers[l]) : kNotMeasured);
        if (measured)
            layers[l].spectra.append(step, epoch, a.layers[l].singularValues);
    }
}

Status RunHistory::writeCsv(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Status::failure(QString("%1: cannot write (%2)").arg(path, file.errorString()));
    QByteArray text = "step,epoch";
    for (const RunSeries& series : kRunSeries)
        text += QByteArray(",") + series.column;
    for (int l = 1; l <= layerCount(); ++l)
        for (const LayerSeries& series : kLayerSeries)
            text += QString(",%1_L%2").arg(series.column).arg(l).toUtf8();
    text += '\n';
    auto number = [](double value) { return QByteArray::number(value, 'g', 10); };
    for (int i = 0; i < meanRank.size(); ++i) {
        text += number(meanRank.steps()[i]) + ',' + number(meanRank.epochs()[i]);
        for (const RunSeries& series : kRunSeries)
            text += ',' + number((this->*series.member).values()[i]);
        for (const LayerHistory& layer : layers)
            for (const LayerSeries& series : kLayerSeries)
                text += ',' + number((layer.*series.member).values()[i]);
        text += '\n';
    }
    file.write(text);
    if (!file.commit())
        return Status::failure(QString("%1: cannot write (%2)").arg(path, file.errorString()));
    return success();
}

} // namespace rankscope
