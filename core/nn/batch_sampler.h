// BatchSampler: which training samples form the next mini-batch. Like PyTorch's
// DataLoader(shuffle=True, drop_last=True): each epoch is a fresh random permutation of 0..N-1 cut
// into consecutive batches; a tail shorter than the batch is skipped and the permutation reshuffled.
// A batch size >= N means full-batch gradient descent: every step uses all N samples in order.
// The batch size may change between any two batches. No heap allocation after construction.
#pragma once

#include "common/rng.h"

#include <cstdint>
#include <span>
#include <vector>

namespace rankscope {

class BatchSampler {
public:
    BatchSampler(int datasetSize, std::uint64_t seed);

    // Indices of the next batch of min(batchSize, N) samples; valid until the next call.
    std::span<const int> next(int batchSize);

    std::int64_t samplesSeen() const { return m_samplesSeen; }
    double epoch() const { return static_cast<double>(m_samplesSeen) / static_cast<double>(m_order.size()); }

private:
    void reshuffle();

    std::vector<int> m_order;
    std::size_t m_cursor = 0;
    std::int64_t m_samplesSeen = 0;
    Rng m_rng;
};

} // namespace rankscope
