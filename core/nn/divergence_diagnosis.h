// Divergence diagnosis: when a run's loss or update turns NaN/Inf, name the likely cause in one
// sentence a lecturer can read out. A pure function of the settings in effect and the trainer's
// StepTrace; it guesses from evidence, so the GUI words it as a "likely" cause, never a certainty.
//
// The two causes it tells apart:
//  * Weight decay alone is unstable. The decay part of SGD (sgd.h) with momentum mu is the linear
//    recurrence of gradient descent on (wd/2)||W||^2 with the heavy-ball buffer:
//        buf_t = mu buf_{t-1} + wd W_t,   W_{t+1} = W_t - lr buf_t
//    =>  W_{t+1} = (1 + mu - lr wd) W_t - mu W_{t-1},  characteristic z^2 - (1 + mu - a) z + mu = 0,
//    a = lr wd. By the Jury (Schur-Cohn) test both roots lie inside the unit circle iff |mu| < 1 and
//    |1 + mu - a| < 1 + mu, i.e. 0 < a < 2(1 + mu) (Polyak 1964, heavy-ball stability on a quadratic).
//    Without momentum this is |1 - lr wd| < 1: for lr wd >= 2 the decay factor (1 - lr wd) <= -1 flips
//    the sign of W every step without shrinking it, and the gradient then only adds to it. (For
//    1 < lr wd < 2 the sign flips but |W| still shrinks: not a cause of divergence by itself.)
//  * Otherwise the learning rate is too large for the curvature the mini-batch gradient sees, which
//    for SGD depends on the batch size (the largest stable lr grows roughly linearly with B; Goyal et
//    al. 2017, "Accurate, Large Minibatch SGD"). The trace shows it as a loss that grew by orders of
//    magnitude over the last steps, usually with exploding weights.
#pragma once

#include "common/run_config.h"
#include "nn/step_trace.h"

#include <QString>
#include <span>

namespace rankscope {

enum class DivergenceCause { WeightDecayUnstable, LearningRateTooLarge };

struct DivergenceDiagnosis {
    DivergenceCause cause = DivergenceCause::LearningRateTooLarge;
    QString summary; // the cause in a few words, e.g. "lr = 3 too large for batch size 8", "lr·wd = 2.4 ≥ 2"
    QString evidence; // why, with the numbers, e.g. "the loss grew ×1e6 in 20 steps and ‖W‖ ×1e3"

    // "lr = 3 too large for batch size 8: the loss grew ×1e6 in 20 steps and ‖W‖ ×1e3"
    QString sentence() const { return summary + ": " + evidence; }
};

// The lr·wd at and above which weight decay alone diverges: 2 (1 + momentum), derived above.
double weightDecayStabilityLimit(double momentum);

// `recentSteps`: the finite steps before the divergence, oldest first (StepTrace::chronological()).
DivergenceDiagnosis diagnoseDivergence(const TrainConfig& train, int batchSize,
                                       std::span<const StepRecord> recentSteps);

} // namespace rankscope
