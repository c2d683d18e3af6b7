#include "nn/max_pooling.h"

#include "nn/channel_packets.h"

#include <cassert>

namespace rankscope {

MaxPooling::MaxPooling(const ImageShape& input, int pool)
    : m_input(input)
    , m_output(pooledShape(input, pool))
    , m_pool(pool) {
    assert(pool >= 2 && m_output.height >= 1 && m_output.width >= 1);
}

void MaxPooling::reserveBatch(int maxBatch) {
    m_winners.resize(m_output.channels, static_cast<Eigen::Index>(maxBatch) * m_output.pixels());
}

template <typename Visit> void MaxPooling::forEachWindow(int b0, int b1, Visit&& visit) const {
    Eigen::Index pooled = static_cast<Eigen::Index>(b0) * m_output.pixels();
    for (int b = b0; b < b1; ++b) {
        const Eigen::Index sampleStart = static_cast<Eigen::Index>(b) * m_input.pixels();
        for (int py = 0; py < m_output.height; ++py)
            for (int px = 0; px < m_output.width; ++px, ++pooled)
                visit(pooled,
                      sampleStart + static_cast<Eigen::Index>(py) * m_pool * m_input.width + px * m_pool);
    }
}

void MaxPooling::forward(const Eigen::MatrixXf& values, float floor, Eigen::MatrixXf& pooled, int b0,
                         int b1) {
    using namespace Eigen::internal;
    const int p = m_pool;
    const Eigen::Index O = m_output.channels, rowStride = m_input.width * O;
    forEachWindow(b0, b1, [&](Eigen::Index column, Eigen::Index corner) {
        const float* window = values.data() + corner * O;
        forEachChannelPacket(O, [&](Eigen::Index c, auto type) {
            using Packet = decltype(type);
            Packet best = ploadu<Packet>(window + c), winner = pzero(best);
            for (int i = 0; i < p; ++i)
                for (int j = i == 0 ? 1 : 0; j < p; ++j) {
                    const Packet value = ploadu<Packet>(window + i * rowStride + j * O + c);
                    const Packet above = pcmp_lt(best, value); // strictly: the first maximum wins
                    winner = pselect(above, pset1<Packet>(static_cast<float>(i * p + j)), winner);
                    best = pselect(above, value, best);
                }
            const Packet floors = pset1<Packet>(floor);
            pstoreu(pooled.data() + column * O + c, pmax(best, floors));
            pstoreu(m_winners.data() + column * O + c,
                    pselect(pcmp_lt(floors, best), winner, pset1<Packet>(-1.0f)));
        });
    });
}

void MaxPooling::backward(const Eigen::MatrixXf& dPooled, Eigen::MatrixXf& dValues, int b0, int b1) const {
    using namespace Eigen::internal;
    const int p = m_pool;
    const Eigen::Index O = m_output.channels, rowStride = m_input.width * O;
    zeroUncovered(dValues, b0, b1);
    forEachWindow(b0, b1, [&](Eigen::Index column, Eigen::Index corner) {
        float* window = dValues.data() + corner * O;
        forEachChannelPacket(O, [&](Eigen::Index c, auto type) {
            using Packet = decltype(type);
            const Packet gradient = ploadu<Packet>(dPooled.data() + column * O + c);
            const Packet winner = ploadu<Packet>(m_winners.data() + column * O + c);
            for (int i = 0; i < p; ++i)
                for (int j = 0; j < p; ++j)
                    pstoreu(window + i * rowStride + j * O + c,
                            pand(pcmp_eq(winner, pset1<Packet>(static_cast<float>(i * p + j))), gradient));
        });
    });
}

void MaxPooling::zeroUncovered(Eigen::MatrixXf& dValues, int b0, int b1) const {
    const int coveredHeight = m_output.height * m_pool, coveredWidth = m_output.width * m_pool;
    if (coveredHeight == m_input.height && coveredWidth == m_input.width)
        return;
    for (int b = b0; b < b1; ++b)
        for (int y = 0; y < m_input.height; ++y)
            for (int x = 0; x < m_input.width; ++x)
                if (y >= coveredHeight || x >= coveredWidth)
                    dValues.col((static_cast<Eigen::Index>(b) * m_input.height + y) * m_input.width + x)
                        .setZero();
}

} // namespace rankscope
