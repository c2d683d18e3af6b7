#include "nn/direct_convolution.h"

#include <array>
#include <cassert>
#include <type_traits>

namespace rankscope {
namespace {

// Output channels are processed in blocks of 16 floats, one AVX-512 register (two AVX or four SSE
// registers on older CPUs), so that a block's sums stay in registers while a patch's taps stream past.
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

// Neighbouring output pixels of a row's interior are processed together: their sums are independent
// chains of multiply-adds, which hides the latency that a single pixel's chain of k² C would expose,
// and each weight loaded serves them all. With AVX-512's 32 vector registers, 8 pixels' sums take a
// quarter of them; with 16 registers, 4 pixels' (a block of 16 floats is two AVX registers).
constexpr int kPixelBlock = EIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS >= 32 ? 8 : 4;

// Calls work(column, window, pixels) for the pixels of every output row of images [b0, b1): a block
// of kPixelBlock pixels starting at `column` (all with the same window, shifted by the stride) where
// the row's interior allows, else one pixel; pixels is a std::integral_constant.
template <typename Work> void forEachPixelBlock(const ConvGeometry& g, int b0, int b1, Work&& work) {
    const InteriorSpan interior = interiorSpan(g);
    forEachPatchRow(g, b0, b1, [&](const PatchRow& row) {
        for (int ox = 0; ox < g.conv.width;) {
            if (ox >= interior.begin && ox + kPixelBlock <= interior.end) {
                work(row.column + ox, row.at(g, ox), std::integral_constant<int, kPixelBlock>{});
                ox += kPixelBlock;
            } else {
                work(row.column + ox, row.at(g, ox), std::integral_constant<int, 1>{});
                ++ox;
            }
        }
    });
}

// Calls work(column, window, o, lanes, pixels, size) for each block of output pixels (forEachPixelBlock)
// and, in it, each block of output channels [o, o + lanes) (forEachChannelBlock); pixels and size are
// their std::integral_constants.
template <typename Work> void forEachOutputBlock(const ConvGeometry& g, int b0, int b1, int O, Work&& work) {
    forEachPixelBlock(g, b0, b1, [&](Eigen::Index column, const PatchWindow& window, auto pixels) {
        forEachChannelBlock(
            O, [&](int o, int lanes, auto size) { work(column, window, o, lanes, pixels, size); });
    });
}

} // namespace

void directConvolve(const ConvGeometry& g, const Eigen::MatrixXf& Wt, const Eigen::VectorXf& b,
                    const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1, Eigen::MatrixXf& Z) {
    assert(in.outerStride() == in.rows()); // a kernel row's pixels are one run of floats
    const int C = g.input.channels, k = g.spec.kernel, O = static_cast<int>(Z.rows());
    const Eigen::Index step = static_cast<Eigen::Index>(g.spec.stride) * C; // between neighbours' taps
    forEachOutputBlock(
        g, b0, b1, O,
        [&](Eigen::Index column, const PatchWindow& window, int o, int lanes, auto pixels, auto size) {
            constexpr int Pixels = decltype(pixels)::value, Size = decltype(size)::value;
            std::array<Lanes<Size>, Pixels> sums;
            sums.fill(Channels<Size>(b.data() + o, lanes));
            for (int i = window.rowFirst; i < window.rowLast; ++i) {
                const float* x = in.data() + window.pixel(i) * C;
                const float* w = Wt.col((i * k + window.first) * C).data() + o;
                for (int m = 0; m < (window.last - window.first) * C; ++m) {
                    const Lanes<Size> weights = Channels<Size>(w + m * O, lanes);
                    for (int p = 0; p < Pixels; ++p)
                        sums[p] += weights * x[p * step + m];
                }
            }
            for (int p = 0; p < Pixels; ++p)
                MutableChannels<Size>(Z.col(column + p).data() + o, lanes) = sums[p];
        });
}

void directWeightGradient(const ConvGeometry& g, const Eigen::MatrixXf& dZ,
                          const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1, Eigen::MatrixXf& dWt,
                          Eigen::VectorXf* db) {
    assert(in.outerStride() == in.rows());
    const int C = g.input.channels, k = g.spec.kernel, O = static_cast<int>(dZ.rows());
    const Eigen::Index step = static_cast<Eigen::Index>(g.spec.stride) * C;
    forEachOutputBlock(
        g, b0, b1, O,
        [&](Eigen::Index column, const PatchWindow& window, int o, int lanes, auto pixels, auto size) {
            constexpr int Pixels = decltype(pixels)::value, Size = decltype(size)::value;
            std::array<Lanes<Size>, Pixels> gradients;
            for (int p = 0; p < Pixels; ++p)
                gradients[p] = Channels<Size>(dZ.col(column + p).data() + o, lanes);
            if (db) {
                Lanes<Size> biasGradient = Channels<Size>(db->data() + o, lanes);
                for (int p = 0; p < Pixels; ++p)
                    biasGradient += gradients[p];
                MutableChannels<Size>(db->data() + o, lanes) = biasGradient;
            }
            for (int i = window.rowFirst; i < window.rowLast; ++i) {
                const float* x = in.data() + window.pixel(i) * C;
                float* w = dWt.col((i * k + window.first) * C).data() + o;
                for (int m = 0; m < (window.last - window.first) * C; ++m) {
                    Lanes<Size> sum = Channels<Size>(w + m * O, lanes);
                    for (int p = 0; p < Pixels; ++p)
                        sum += gradients[p] * x[p * step + m];
                    MutableChannels<Size>(w + m * O, lanes) = sum;
                }
            }
        });
}

void directInputGradient(const ConvGeometry& g, const Eigen::MatrixXf& Wt, const Eigen::MatrixXf& dZ, int b0,
                         int b1, Eigen::Ref<Eigen::MatrixXf> dIn) {
    assert(dIn.outerStride() == dIn.rows());
    const int C = g.input.channels, k = g.spec.kernel;
    forEachPatch(g, b0, b1, [&](Eigen::Index column, const PatchWindow& window) {
        const int run = (window.last - window.first) * C;
        const auto gradient = dZ.col(column);
        for (int i = window.rowFirst; i < window.rowLast; ++i) {
            float* dx = dIn.data() + window.pixel(i) * C;
            const Eigen::Index firstTap = (i * k + window.first) * C;
            for (int m = 0; m < run; ++m)
                dx[m] += Wt.col(firstTap + m).dot(gradient);
        }
    });
}

} // namespace rankscope
