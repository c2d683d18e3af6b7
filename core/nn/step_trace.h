// StepTrace: the mini-batch loss and the weight norm of the last kCapacity training steps, oldest
// first — the evidence the divergence diagnosis (nn/divergence_diagnosis.h) reads to tell a loss that
// blew up from weights that decayed — plus the very first step, whose loss (initial weights) is the
// run's chance-level reference. A fixed-size ring inside the object: record() never allocates, so the
// trainer can call it inside step(). Only finite steps are recorded; the step that diverged is not.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace rankscope {

struct StepRecord {
    std::int64_t step = 0; // 1 for the first step
    double loss = 0;       // mini-batch loss of the step (before its update)
    double weightNorm = 0; // sqrt(sum_l ||W_l||_F^2) before the step's update
};

class StepTrace {
public:
    static constexpr int kCapacity = 256;

    void record(const StepRecord& record) {
        if (!m_haveFirst) {
            m_first = record;
            m_haveFirst = true;
        }
        m_ring[m_next] = record;
        m_next = (m_next + 1) % kCapacity;
        m_size = std::min(m_size + 1, kCapacity);
    }

    bool empty() const { return m_size == 0; }
    const StepRecord& first() const { return m_first; } // valid once a step was recorded

    // Mean loss of the newest min(count, size) steps; 0 when empty.
    double recentMeanLoss(int count) const {
        const int n = std::min(count, m_size);
        double sum = 0;
        for (int i = 1; i <= n; ++i)
            sum += m_ring[(m_next - i + kCapacity) % kCapacity].loss;
        return n > 0 ? sum / n : 0;
    }

    // The recorded steps, oldest first (allocates: call it off the training hot loop).
    std::vector<StepRecord> chronological() const {
        std::vector<StepRecord> records;
        records.reserve(m_size);
        for (int i = m_size; i >= 1; --i)
            records.push_back(m_ring[(m_next - i + kCapacity) % kCapacity]);
        return records;
    }

private:
    std::array<StepRecord, kCapacity> m_ring{};
    int m_next = 0;
    int m_size = 0;
    StepRecord m_first;
    bool m_haveFirst = false;
};

} // namespace rankscope
