// Eigen's GEMM packs its operand blocks on the stack up to EIGEN_STACK_ALLOCATION_LIMIT (128 KiB) and
// on the heap beyond. The im2col products of a conv block's chunk (nn/conv_block.h) go through column
// panels narrow enough that every packed block fits on the stack, so that a step allocates nothing.
#pragma once

#include <Eigen/Core>
#include <algorithm>

namespace rankscope {

// The widest panel of a product whose operands have at most `rows` rows (or, for a product over the
// panel's columns, `rows` as their other dimension) that Eigen packs without allocating.
inline Eigen::Index gemmPanelColumns(Eigen::Index rows) {
    constexpr Eigen::Index kPanelFloats = 24 * 1024;
    return std::max<Eigen::Index>(1, kPanelFloats / std::max<Eigen::Index>(1, rows));
}

// Calls product(first column, columns) for each panel of at most `panel` columns of [start, start + count).
template <typename Product>
void forEachPanel(Eigen::Index start, Eigen::Index count, Eigen::Index panel, Product&& product) {
    for (const Eigen::Index end = start + count; start < end; start += panel)
        product(start, std::min(panel, end - start));
}

} // namespace rankscope
