// The channels of one pixel of a channels-last activation (nn/conv_block.h) as Eigen's SIMD packets,
// for the kernels that combine whole pixels: max pooling and the Winograd transforms. They run on
// Eigen's packet primitives (padd, psub, pmax, pselect ...), which take packets and floats alike:
// Eigen 3.4 evaluates Array::select() one coefficient at a time, and the compilers do not vectorise
// such loops across a window reliably.
#pragma once

#include <Eigen/Core>

namespace rankscope {

// Calls visit(c, type) for channels [c, c + size of type) of [0, channels): `type` is a packet of
// floats while whole ones fit, then a float.
template <typename Visit> void forEachChannelPacket(Eigen::Index channels, Visit&& visit) {
    using Packet = Eigen::internal::packet_traits<float>::type;
    constexpr int kPacket = Eigen::internal::packet_traits<float>::size;
    Eigen::Index c = 0;
    for (; c + kPacket <= channels; c += kPacket)
        visit(c, Packet{});
    for (; c < channels; ++c)
        visit(c, float{});
}

} // namespace rankscope
