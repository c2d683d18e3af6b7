// Snapshot: an immutable value describing one moment of a run, published by the session to the
// GUI (and built the same way by the headless runner for each CSV row). It owns copies of the
// weight matrices; nothing in it points into the trainer's live state (STYLE.md #4).
#pragma once

#include "common/run_config.h"
#include "measures/network_analysis.h"
#include "nn/divergence_diagnosis.h"
#include "session/change_event.h"

#include <Eigen/Core>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace rankscope {

enum class RunState { Idle, Running, Paused, Diverged };

struct LossAccuracy {
    double trainLoss = kNotMeasured; // mean mini-batch loss since the previous snapshot
    double trainAcc =
        kNotMeasured; // mean mini-batch accuracy since the previous snapshot (NaN for regression)
    double testLoss = kNotMeasured;
    double testAcc = kNotMeasured;
};

struct Snapshot {
    std::int64_t step = 0;
    double epoch = 0;       // samples seen / training-set size
    double wallSeconds = 0; // training time since start (pauses excluded)
    double stepsPerSecond = 0;
    RunState state = RunState::Idle;
    std::int64_t divergedAtStep = -1;              // the step whose loss or update was not finite
    std::optional<DivergenceDiagnosis> divergence; // its likely cause, when state == Diverged
    std::int64_t rollbackStep = -1; // where TrainingSession::rollBack() returns to; -1: nowhere
    TrainConfig train;              // hyper-parameters in effect
    int batchSize = 0;              // effective batch size (training-set size for full-batch GD)
    int gradientNoisePeriod = 0;    // steps between gradient-noise measurements; 0: never measured
    LossAccuracy metrics;
    NetworkAnalysis analysis;
    std::vector<Eigen::MatrixXf> weights; // copies of W_1..W_n, each [out, in] (conv: [out, in k k])
    std::vector<ChangeEvent> events;      // every change so far, oldest first
    // Checkpoints written elsewhere (checkpoint_snapshot.h) are analysed without copies of their
    // weights: their layers carry the tensors' names, and their update noise is the change since the
    // previous checkpoint, however many steps apart, which every plot must call so.
    // A CNN's layers carry kind and shape: "C1 1→16 3×3", "D3 1568→128".
    QStringList layerNames; // empty: L1..Ln, described by the shapes of `weights`
    bool fromCheckpoints = false;

    bool isConvolutional() const { return !fromCheckpoints && !layerNames.isEmpty(); }
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

} // namespace rankscope
