// The output channels of a channels-last activation column (nn/conv_block.h) processed in blocks of
// 16 floats, one AVX-512 register (two AVX or four SSE registers on older CPUs), so that a block's
// values stay in registers while the kernels stream over taps or pooling windows.
#pragma once

#include <Eigen/Core>
#include <type_traits>

namespace rankscope {

constexpr int kLanes = 16;
template <int Size> using Lanes = Eigen::Array<float, Size, 1, 0, kLanes, 1>;
template <int Size> using Channels = Eigen::Map<const Eigen::Array<float, Size, 1>>;
template <int Size> using MutableChannels = Eigen::Map<Eigen::Array<float, Size, 1>>;

// Calls work(o, lanes, size) for the channels [o, o + lanes) of each block of [0, O), where size is
// std::integral_constant<int, kLanes> for full blocks and <int, Eigen::Dynamic> for the rest.
template <typename Work> void forEachChannelBlock(int O, Work&& work) {
    int o = 0;
    for (; o + kLanes <= O; o += kLanes)
        work(o, kLanes, std::integral_constant<int, kLanes>{});
    if (o < O)
        work(o, O - o, std::integral_constant<int, Eigen::Dynamic>{});
}

} // namespace rankscope
