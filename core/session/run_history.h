// RunHistory: everything the time plots show about one run, as bounded, decimated series fed from
// Snapshots (session/metric_history.h). The GUI appends the snapshots it displays; CSV export writes
// the same series. One history per run, so comparison runs each keep their own.
//
// Per layer (L1..Ln, classifier last): rank_eps, effective rank, stable rank, update noise (EMA) and
// ||W||_F, plus the singular values over time for the heat map. Whole-network series use the means
// over hidden layers (classifier excluded), as DESIGN.md's conventions say. Each scalar series is a
// row of one table in run_history.cpp (its CSV column and its value in a snapshot), which sizes,
// appends, truncates, clears and writes them all.
#pragma once

#include "common/result.h"
#include "session/metric_history.h"
#include "session/snapshot.h"

#include <QString>
#include <vector>

namespace rankscope {

// The size of the history the window draws, and the headless figures and videos too: 300 points per
// series (400 heat-map columns) are smooth at dashboard size and bound the replot cost of a long run,
// which grows with the points drawn.
constexpr int kDisplayHistoryPoints = 300;
constexpr int kDisplayHistorySpectra = 400;

struct LayerHistory {
    LayerHistory(int capacity, int spectrumCapacity);
    MetricHistory rank, effectiveRank, stableRank, updateNoise, frobenius;
    SpectrumHistory spectra;
};

class RunHistory {
public:
    explicit RunHistory(int capacity = 4096, int spectrumCapacity = 512);

    // Appends a snapshot newer than the last one appended; an equal step is ignored, a step 0 snapshot
    // after later ones (a reset or a new run) starts the history over, and an older step (a rollback,
    // TrainingSession::rollBack) drops the points after it first.
    void append(const Snapshot& snapshot);
    void clear();
    // Drops the points after `step` (not the events): a rollback, or a view of the past
    // (history_at_step.h).
    void truncateAfter(std::int64_t step);

    bool isEmpty() const { return meanRank.isEmpty(); }
    std::int64_t lastStep() const { return m_lastStep; }
    int layerCount() const { return static_cast<int>(layers.size()); }

    // Every scalar series as CSV (one row per retained point of meanRank's time base).
    Status writeCsv(const QString& path) const;

    MetricHistory meanRank, meanEffectiveRank, meanStableRank, rankBound;
    MetricHistory updateNoise, updateNoiseEma, gradientNoise;
    MetricHistory trainLoss, trainAcc, testLoss, testAcc;
    MetricHistory nullSpaceNorm, nullSpaceTheory;
    std::vector<LayerHistory> layers;
    std::vector<Eigen::VectorXd> initialSpectra;         // singular values at step 0 (the "ghost")
    std::vector<Eigen::VectorXd> initialOperatorSpectra; // conv layers' operator spectra at step 0 (or empty)
    std::vector<ChangeEvent> events;

private:
    int m_capacity;
    int m_spectrumCapacity;
    std::int64_t m_lastStep = -1;
};

} // namespace rankscope
