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
#pragma once

#include "nn/trainer.h"

#include <cstdint>
#include <optional>

namespace rankscope {

class RollbackPoint {
public:
    static constexpr double kBlowUpFactor = 10;
    static constexpr int kLossWindow = 16; // steps averaged against mini-batch noise

    // Keeps the trainer's state if it looks healthy (see above); returns whether it did.
    bool offer(const Trainer& trainer);
    // Forgets the kept state: a reset or a new run must not roll back into the old one.
    void clear() { m_checkpoint.reset(); }

    bool available() const { return m_checkpoint.has_value(); }
    std::int64_t step() const { return m_checkpoint ? m_checkpoint->steps : -1; }
    // The kept state and its settings; only when available().
    const TrainerCheckpoint& checkpoint() const { return *m_checkpoint; }

private:
    bool looksHealthy(const Trainer& trainer) const;

    std::optional<TrainerCheckpoint> m_checkpoint;
    double m_loss = 0; // recent mean loss of the kept state (0 at step 0)
};

} // namespace rankscope
