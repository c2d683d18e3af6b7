// The im2col layout of a convolution, visited one patch (output pixel) at a time or one row of
// patches at a time: shared by the GEMM path (nn/conv_block.cpp, which copies the patches out) and the
// direct one (nn/direct_convolution.cpp, which reads them in place). Activations are channels-last
// (nn/conv_block.h).
#pragma once

#include "common/conv_spec.h"

#include <Eigen/Core>
#include <algorithm>

namespace rankscope {

// The geometry of one convolution: its input, its output before pooling and its spec.
struct ConvGeometry {
    ImageShape input;
    ImageShape conv;
    ConvBlockSpec spec;
};

// The taps of one patch that lie inside the image: kernel rows [rowFirst, rowLast) and, in each of
// them, taps [first, last); the rest is zero padding. The taps of a row read consecutive input pixels
// whatever the stride, so their channels are one run of (last - first) C floats starting at input
// column pixel(i).
struct PatchWindow {
    int rowFirst = 0, rowLast = 0;
    int first = 0, last = 0;
    Eigen::Index topLeft = 0;   // input column of tap (0, first), virtual when kernel row 0 lies in
                                // the padding: only rows [rowFirst, rowLast) are read
    Eigen::Index rowStride = 0; // input columns per image row

    Eigen::Index pixel(int i) const { return topLeft + i * rowStride; }
};

// One row of output pixels (one oy of one image): the kernel rows inside the image are the same for
// all of them.
struct PatchRow {
    Eigen::Index column = 0; // convolution-output column of its first pixel
    PatchWindow window;      // the window of its first pixel (ox = 0)

    // The window of pixel ox.
    PatchWindow at(const ConvGeometry& g, int ox) const {
        const int x0 = ox * g.spec.stride - g.spec.padding;
        PatchWindow shifted = window;
        shifted.first = std::clamp(-x0, 0, g.spec.kernel);
        shifted.last = std::clamp(g.input.width - x0, shifted.first, g.spec.kernel);
        shifted.topLeft = window.topLeft - window.first + g.spec.padding + x0 + shifted.first;
        return shifted;
    }
};

// The output columns ox in [begin, end) whose kernel rows lie wholly inside the image's width.
struct InteriorSpan {
    int begin = 0, end = 0;
};
inline InteriorSpan interiorSpan(const ConvGeometry& g) {
    const int s = g.spec.stride, pad = g.spec.padding;
    const int begin = (pad + s - 1) / s; // x0 = ox s - pad >= 0
    const int end =
        g.input.width - g.spec.kernel + pad >= 0 ? (g.input.width - g.spec.kernel + pad) / s + 1 : 0;
    return {std::min(begin, g.conv.width), std::clamp(end, std::min(begin, g.conv.width), g.conv.width)};
}

// Calls visit(row) for every output row of images [b0, b1), columns counting the convolution's output
// columns from image 0.
template <typename Visit> void forEachPatchRow(const ConvGeometry& g, int b0, int b1, Visit&& visit) {
    const int k = g.spec.kernel, s = g.spec.stride, pad = g.spec.padding;
    const int H = g.input.height, W = g.input.width;
    PatchRow row;
    row.window.rowStride = W;
    row.window.first = std::min(pad, k);
    row.window.last = std::clamp(W + pad, row.window.first, k);
    for (int b = b0; b < b1; ++b) {
        const Eigen::Index sampleStart = static_cast<Eigen::Index>(b) * g.input.pixels();
        for (int oy = 0; oy < g.conv.height; ++oy) {
            const int y0 = oy * s - pad;
            row.column = (static_cast<Eigen::Index>(b) * g.conv.height + oy) * g.conv.width;
            row.window.rowFirst = std::clamp(-y0, 0, k);
            row.window.rowLast = std::clamp(H - y0, row.window.rowFirst, k);
            row.window.topLeft = sampleStart + static_cast<Eigen::Index>(y0) * W - pad + row.window.first;
            visit(row);
        }
    }
}

// Calls visit(column, window) for every output pixel of images [b0, b1).
template <typename Visit> void forEachPatch(const ConvGeometry& g, int b0, int b1, Visit&& visit) {
    forEachPatchRow(g, b0, b1, [&](const PatchRow& row) {
        for (int ox = 0; ox < g.conv.width; ++ox)
            visit(row.column + ox, row.at(g, ox));
    });
}

} // namespace rankscope
