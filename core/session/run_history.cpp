#include "session/run_history.h"

#include <QSaveFile>
#include <cmath>

namespace rankscope {

RunHistory::RunHistory(int capacity, int spectrumCapacity)
    : meanRank(capacity)
    , meanEffectiveRank(capacity)
    , meanStableRank(capacity)
    , rankBound(capacity)
    , updateNoise(capacity)
    , updateNoiseEma(capacity)
    , gradientNoise(capacity)
    , trainLoss(capacity)
    , trainAcc(capacity)
    , testLoss(capacity)
    , testAcc(capacity)
    , nullSpaceNorm(capacity)
    , nullSpaceTheory(capacity)
    , m_capacity(capacity)
    , m_spectrumCapacity(spectrumCapacity) {}

void RunHistory::clear() {
    for (MetricHistory* series :
         {&meanRank, &meanEffectiveRank, &meanStableRank, &rankBound, &updateNoise, &updateNoiseEma,
          &gradientNoise, &trainLoss, &trainAcc, &testLoss, &testAcc, &nullSpaceNorm, &nullSpaceTheory})
        series->clear();
    layers.clear();
    initialSpectra.clear();
    events.clear();
    m_lastStep = -1;
}

void RunHistory::truncateAfter(std::int64_t step) {
    const double kept = static_cast<double>(step);
    for (MetricHistory* series :
         {&meanRank, &meanEffectiveRank, &meanStableRank, &rankBound, &updateNoise, &updateNoiseEma,
          &gradientNoise, &trainLoss, &trainAcc, &testLoss, &testAcc, &nullSpaceNorm, &nullSpaceTheory})
        series->truncateAfter(kept);
    for (LayerHistory& layer : layers) {
        for (MetricHistory* series :
             {&layer.rank, &layer.effectiveRank, &layer.stableRank, &layer.updateNoise, &layer.frobenius})
            series->truncateAfter(kept);
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
    auto add = [&](MetricHistory& series, double value) { series.append(step, epoch, value); };
    add(meanRank, a.meanRank);
    add(meanEffectiveRank, a.meanEffectiveRank);
    add(meanStableRank, a.meanStableRank);
    add(rankBound, a.rankBound);
    add(updateNoise, a.meanUpdateNoise);
    add(updateNoiseEma, a.meanUpdateNoiseEma);
    add(gradientNoise, a.gradientNoise);
    add(trainLoss, snapshot.metrics.trainLoss);
    add(trainAcc, snapshot.metrics.trainAcc);
    add(testLoss, snapshot.metrics.testLoss);
    add(testAcc, snapshot.metrics.testAcc);
    add(nullSpaceNorm, a.nullSpaceNorm);
    add(nullSpaceTheory, a.nullSpaceTheory);
    if (layers.empty())
        for (const LayerAnalysis& layer : a.layers) {
            layers.emplace_back(m_capacity, m_spectrumCapacity);
            initialSpectra.push_back(layer.singularValues);
        }
    for (std::size_t l = 0; l < a.layers.size() && l < layers.size(); ++l) {
        const LayerAnalysis& layer = a.layers[l];
        add(layers[l].rank, layer.rank);
        add(layers[l].effectiveRank, layer.effectiveRank);
        add(layers[l].stableRank, layer.stableRank);
        add(layers[l].updateNoise, layer.updateNoiseEma);
        add(layers[l].frobenius, layer.frobenius);
        layers[l].spectra.append(step, epoch, layer.singularValues);
    }
}

Status RunHistory::writeCsv(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Status::failure(QString("%1: cannot write (%2)").arg(path, file.errorString()));
    QByteArray text =
        "step,epoch,mean_rank,mean_effective_rank,mean_stable_rank,rank_bound,update_noise,"
        "update_noise_ema,gradient_noise,train_loss,train_acc,test_loss,test_acc,nullspace_norm,"
        "nullspace_theory";
    for (int l = 1; l <= layerCount(); ++l)
        text +=
            QString(",rank_L%1,effective_rank_L%1,stable_rank_L%1,update_noise_L%1,fro_L%1").arg(l).toUtf8();
    text += '\n';
    auto number = [](double value) { return QByteArray::number(value, 'g', 10); };
    for (int i = 0; i < meanRank.size(); ++i) {
        text += number(meanRank.steps()[i]) + ',' + number(meanRank.epochs()[i]);
        for (const MetricHistory* series :
             {&meanRank, &meanEffectiveRank, &meanStableRank, &rankBound, &updateNoise, &updateNoiseEma,
              &gradientNoise, &trainLoss, &trainAcc, &testLoss, &testAcc, &nullSpaceNorm, &nullSpaceTheory})
            text += ',' + number(series->values()[i]);
        for (const LayerHistory& layer : layers)
            for (const MetricHistory* series :
                 {&layer.rank, &layer.effectiveRank, &layer.stableRank, &layer.updateNoise, &layer.frobenius})
                text += ',' + number(series->values()[i]);
        text += '\n';
    }
    file.write(text);
    if (!file.commit())
        return Status::failure(QString("%1: cannot write (%2)").arg(path, file.errorString()));
    return success();
}

} // namespace rankscope
