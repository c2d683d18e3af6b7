// RollbackPoint: the session's last known-good trainer state, where "roll back" returns after a
// divergence. The session offers the trainer's state every time it publishes a snapshot (at most
// ~45 times a second, between steps — never inside one, so a step still allocates nothing); the
// offer is kept only while the run looks healthy, so that a slow blow-up spanning several snapshots
// does not overwrite the good state with an already exploding one.
//
// Healthy means: not diverged, and the mean loss of the last few steps is finite and at most
// kBlowUpFactor times the larger of (a) the run's first-step loss, taken with the initial weights —
// the chance-level scale of this loss and data — and (b) the same mean when the kept state was saved.
// A real blow-up multiplies the loss by orders of magnitude within a few hundred steps; ordinary
// training noise and the rise after a user raises weight decay stay far below that.
//
// A step records the loss of the weights it started from, so at offer time the trainer's current
// weights have not been measured yet: one huge update (lr 1e5) leaves weights that will blow up on
// the next step behind a perfectly healthy trace. An offered state is therefore only a candidate;
// it becomes the kept state at a later offer, once the step after it has recorded a finite loss of at
// most kBlowUpFactor times the reference above. A candidate whose next step diverged, or whose own
// loss is too large, is dropped. The initial weights (no step yet) are kept at once.
#pragma once

#include "nn/trainer.h"

#include <cstdint>
#include <optional>

namespace rankscope {

class RollbackPoint {
public:
    static constexpr double kBlowUpFactor = 10;
    static constexpr int kLossWindow = 16; // steps averaged against mini-batch noise

    // Settles the previous candidate (see above), then takes the trainer's state if it looks healthy:
    // as the kept state at step 0, else as the new candidate. Returns whether it took the state.
    bool offer(const Trainer& trainer);
    // Forgets the kept state and the candidate: a reset or a new run must not roll back into the old one.
    void clear() {
        m_checkpoint.reset();
        m_candidate.reset();
        m_hasCandidate = false;
    }

    bool available() const { return m_checkpoint.has_value(); }
    std::int64_t step() const { return m_checkpoint ? m_checkpoint->state.steps : -1; }
    // The kept state and its settings; only when available().
    const TrainerCheckpoint& checkpoint() const { return *m_checkpoint; }

private:
    bool looksHealthy(const Trainer& trainer) const;
    void settleCandidate(const Trainer& trainer);
    double referenceLoss(const Trainer& trainer) const;

    std::optional<TrainerCheckpoint> m_checkpoint;
    double m_loss = 0; // recent mean loss when the kept state was offered (0 at step 0)
    // The last offered state, not yet measured; its buffers are kept (and swapped with the kept
    // state's on promotion) so that following a healthy run allocates nothing.
    std::optional<TrainerCheckpoint> m_candidate;
    bool m_hasCandidate = false;
    double m_candidateLoss = 0;
};

} // namespace rankscope
