#include "nn/batch_sampler.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace rankscope {

BatchSampler::BatchSampler(int datasetSize, std::uint64_t seed)
    : m_order(static_cast<std::size_t>(datasetSize))
    , m_rng(streamSeed(seed, RngStream::Batches)) {
    assert(datasetSize > 0);
    reshuffle();
}

void BatchSampler::reshuffle() {
    std::iota(m_order.begin(), m_order.end(), 0);
    // Fisher-Yates with our own draw so the order is identical on every standard library.
    for (std::size_t i = m_order.size() - 1; i > 0; --i) {
        const std::size_t j = static_cast<std::size_t>(m_rng() % (i + 1));
        std::swap(m_order[i], m_order[j]);
    }
    m_cursor = 0;
}

std::span<const int> BatchSampler::next(int batchSize) {
    const std::size_t n = m_order.size();
    const std::size_t B = std::min(static_cast<std::size_t>(batchSize), n);
    if (B == n) { // full batch: the order does not matter for the gradient, keep it fixed
        m_samplesSeen += static_cast<std::int64_t>(n);
        std::iota(m_order.begin(), m_order.end(), 0);
        m_cursor = n;
        return {m_order.data(), n};
    }
    if (m_cursor + B > n)
        reshuffle();
    std::span<const int> batch(m_order.data() + m_cursor, B);
    m_cursor += B;
    m_samplesSeen += static_cast<std::int64_t>(B);
    return batch;
}

} // namespace rankscope
