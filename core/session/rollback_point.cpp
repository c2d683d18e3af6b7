#include "session/rollback_point.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace rankscope {

double RollbackPoint::referenceLoss(const Trainer& trainer) const {
    return std::max(trainer.stepTrace().first().loss, m_checkpoint ? m_loss : 0.0);
}

bool RollbackPoint::looksHealthy(const Trainer& trainer) const {
    if (trainer.diverged())
        return false;
    const StepTrace& trace = trainer.stepTrace();
    if (trace.empty())
        return true; // the initial weights
    const double loss = trace.recentMeanLoss(kLossWindow);
    return std::isfinite(loss) && loss <= kBlowUpFactor * referenceLoss(trainer);
}

void RollbackPoint::settleCandidate(const Trainer& trainer) {
    if (!m_hasCandidate)
        return;
    const std::int64_t candidateStep = m_candidate->state.steps;
    if (candidateStep > trainer.steps()) { // the trainer was rolled back behind it
        m_hasCandidate = false;
        return;
    }
    if (candidateStep == trainer.steps() && !trainer.diverged())
        return; // not measured yet: the next step's loss will tell
    // The loss of the candidate's own weights is the one recorded by the step after it. That step is
    // missing if it diverged; if more than StepTrace::kCapacity steps have passed, the oldest recorded
    // step stands in for it (the run stayed healthy at every offer since, or there would be no record).
    m_hasCandidate = false;
    const StepTrace& trace = trainer.stepTrace();
    if (trace.empty() || trainer.steps() == candidateStep)
        return;                                                    // the step after the candidate diverged
    const std::vector<StepRecord> records = trace.chronological(); // off the step loop: may allocate
    const auto next = std::find_if(records.begin(), records.end(),
                                   [candidateStep](const StepRecord& r) { return r.step > candidateStep; });
    if (next == records.end())
        return;
    if (!std::isfinite(next->loss) || next->loss > kBlowUpFactor * referenceLoss(trainer))
        return;
    std::swap(m_checkpoint, m_candidate); // the old kept state's buffers take the next candidate
    m_loss = m_candidateLoss;
}

bool RollbackPoint::offer(const Trainer& trainer) {
    settleCandidate(trainer);
    if (!looksHealthy(trainer))
        return false;
    const bool initial = trainer.stepTrace().empty();
    std::optional<TrainerCheckpoint>& target = initial ? m_checkpoint : m_candidate;
    if (target)
        trainer.saveCheckpoint(*target); // reuses its buffers: no allocation while shapes stay
    else
        target = trainer.checkpoint();
    if (initial) {
        m_loss = 0;
        m_hasCandidate = false;
    } else {
        m_candidateLoss = trainer.stepTrace().recentMeanLoss(kLossWindow);
        m_hasCandidate = true;
    }
    return true;
}

} // namespace rankscope
