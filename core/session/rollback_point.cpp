#include "session/rollback_point.h"

#include <algorithm>
#include <cmath>

namespace rankscope {

bool RollbackPoint::looksHealthy(const Trainer& trainer) const {
    if (trainer.diverged())
        return false;
    const StepTrace& trace = trainer.stepTrace();
    if (trace.empty())
        return true; // the initial weights
    const double loss = trace.recentMeanLoss(kLossWindow);
    const double reference = std::max(trace.first().loss, m_checkpoint ? m_loss : 0.0);
    return std::isfinite(loss) && loss <= kBlowUpFactor * reference;
}

bool RollbackPoint::offer(const Trainer& trainer) {
    if (!looksHealthy(trainer))
        return false;
    if (m_checkpoint)
        trainer.saveCheckpoint(*m_checkpoint); // reuses its buffers: no allocation while shapes stay
    else
        m_checkpoint = trainer.checkpoint();
    m_loss = trainer.stepTrace().recentMeanLoss(kLossWindow);
    return true;
}

} // namespace rankscope
