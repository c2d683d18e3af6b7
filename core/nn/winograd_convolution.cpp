#include "nn/winograd_convolution.h"

#include "nn/channel_packets.h"

#include <algorithm>
#include <cassert>
#include <type_traits>

namespace rankscope {
namespace {

using Eigen::internal::padd;
using Eigen::internal::ploadu;
using Eigen::internal::pmadd;
using Eigen::internal::pmul;
using Eigen::internal::pnegate;
using Eigen::internal::pset1;
using Eigen::internal::pstoreu;
using Eigen::internal::psub;

template <typename P, std::size_t N> using Line = std::array<P, N>;
template <typename P, std::size_t N> using Tile = std::array<Line<P, N>, N>; // [row][column]

// The 1-D maps of F(2, 3), on SIMD packets of channels or single floats:
//     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//     Aᵀ = [1 1 1 0; 0 1 −1 −1],
// and the adjoints the gradients need, A and Gᵀ.
template <typename P> Line<P, 4> inputMap(const Line<P, 4>& d) { // Bᵀ d
    return {psub(d[0], d[2]), padd(d[1], d[2]), psub(d[2], d[1]), psub(d[1], d[3])};
}
template <typename P> Line<P, 4> kernelMap(const Line<P, 3>& g) { // G g
    const P half = pset1<P>(0.5f), outer = pmul(half, padd(g[0], g[2])), middle = pmul(half, g[1]);
    return {g[0], padd(outer, middle), psub(outer, middle), g[2]};
}
template <typename P> Line<P, 2> outputMap(const Line<P, 4>& m) { // Aᵀ m
    return {padd(padd(m[0], m[1]), m[2]), psub(psub(m[1], m[2]), m[3])};
}
template <typename P> Line<P, 4> outputAdjoint(const Line<P, 2>& y) { // A y
    return {y[0], padd(y[0], y[1]), psub(y[0], y[1]), pnegate(y[1])};
}
template <typename P> Line<P, 3> kernelAdjoint(const Line<P, 4>& n) { // Gᵀ n
    const P half = pset1<P>(0.5f), inner = pmul(half, padd(n[1], n[2]));
    return {padd(n[0], inner), pmul(half, psub(n[1], n[2])), padd(inner, n[3])};
}

// L x Lᵀ for a tile x and the matrix L of a 1-D map: the map down each column, then along each row.
template <std::size_t Out, typename P, std::size_t In, typename Map>
Tile<P, Out> mapTile(const Tile<P, In>& x, Map&& map) {
    std::array<Line<P, In>, Out> rows; // L x
    for (std::size_t s = 0; s < In; ++s) {
        Line<P, In> column;
        for (std::size_t r = 0; r < In; ++r)
            column[r] = x[r][s];
        const Line<P, Out> mapped = map(column);
        for (std::size_t r = 0; r < Out; ++r)
            rows[r][s] = mapped[r];
    }
    Tile<P, Out> result;
    for (std::size_t r = 0; r < Out; ++r)
        result[r] = map(rows[r]);
    return result;
}

constexpr int kPositions = WinogradConvolution::kPositions;
// σ: position (r, s) of a transformed tile to (σ(r), σ(s)), σ exchanging 0 and 3.
constexpr int rotatedPosition(int position) {
    auto sigma = [](int i) { return i == 0 ? 3 : i == 3 ? 0 : i; };
    return 4 * sigma(position / 4) + sigma(position % 4);
}

// The 2×2 tiles covering an output of `output`'s size, read from `source` (channels-last) padded by
// `padding` on every side.
struct TileGrid {
    ImageShape source;
    ImageShape output;
    int padding = 0;

    int rows() const { return (output.height + 1) / 2; }
    int columns() const { return (output.width + 1) / 2; }
    Eigen::Index tiles(int b0, int b1) const {
        return static_cast<Eigen::Index>(b1 - b0) * rows() * columns();
    }
};

// Calls visit(tile, b, y, x) for the tiles of images [b0, b1), numbered from 0, (y, x) being the
// output pixel at a tile's top left.
template <typename Visit> void forEachTile(const TileGrid& grid, int b0, int b1, Visit&& visit) {
    Eigen::Index tile = 0;
    for (int b = b0; b < b1; ++b)
        for (int y = 0; y < grid.output.height; y += 2)
            for (int x = 0; x < grid.output.width; x += 2)
                visit(tile++, b, y, x);
}

// The pixels of an image that a tile's window reads, rows [rowFirst, rowLast) and columns [first, last)
// of the window at (top, left), which may reach past the image's edges: the rest reads zeros.
struct TileWindow {
    Eigen::Index corner = 0; // column of the window's (virtual) top-left pixel
    Eigen::Index rowStride = 0;
    int rowFirst = 0, rowLast = 0, first = 0, last = 0;

    TileWindow(const ImageShape& image, int b, int top, int left, int size)
        : corner((static_cast<Eigen::Index>(b) * image.height + top) * image.width + left)
        , rowStride(image.width)
        , rowFirst(std::clamp(-top, 0, size))
        , rowLast(std::clamp(image.height - top, 0, size))
        , first(std::clamp(-left, 0, size))
        , last(std::clamp(image.width - left, 0, size)) {}

    bool inside(int r, int s) const { return r >= rowFirst && r < rowLast && s >= first && s < last; }
    Eigen::Index column(int r, int s) const { return corner + r * rowStride + s; }
};

// Position ξ of a transformed tile t of `channels` channels, in buffers of `tiles` tiles: U_ξ [channels,
// tiles] starts at ξ channels tiles.
template <typename Float>
Float* at(Float* buffer, int position, Eigen::Index tile, Eigen::Index channels, Eigen::Index tiles) {
    return buffer + (position * tiles + tile) * channels;
}

// The N×N pixels of a tile's window in a channels-last image, channels [c, c + packet), zero outside.
template <typename P, std::size_t N>
Tile<P, N> loadWindow(const float* image, Eigen::Index channels, const TileWindow& window, Eigen::Index c) {
    Tile<P, N> pixels;
    for (int r = 0; r < static_cast<int>(N); ++r)
        for (int s = 0; s < static_cast<int>(N); ++s)
            pixels[r][s] =
                window.inside(r, s) ? ploadu<P>(image + window.column(r, s) * channels + c) : pset1<P>(0.0f);
    return pixels;
}

// The 16 positions of tile t, channels [c, c + packet), in a buffer of `tiles` tiles.
template <typename P>
void storePositions(const Tile<P, 4>& tile, float* buffer, Eigen::Index t, Eigen::Index channels,
                    Eigen::Index tiles, Eigen::Index c) {
    for (int r = 0; r < 4; ++r)
        for (int s = 0; s < 4; ++s)
            pstoreu(at(buffer, 4 * r + s, t, channels, tiles) + c, tile[r][s]);
}
template <typename P>
Tile<P, 4> loadPositions(const float* buffer, Eigen::Index t, Eigen::Index channels, Eigen::Index tiles,
                         Eigen::Index c) {
    Tile<P, 4> tile;
    for (int r = 0; r < 4; ++r)
        for (int s = 0; s < 4; ++s)
            tile[r][s] = ploadu<P>(at(buffer, 4 * r + s, t, channels, tiles) + c);
    return tile;
}

// U_ξ = (Bᵀ d B)_ξ for each tile's 4×4 window d of the source (zero outside it).
void transformInputTiles(const TileGrid& grid, const float* source, int b0, int b1, float* U) {
    const Eigen::Index C = grid.source.channels, T = grid.tiles(b0, b1);
    forEachTile(grid, b0, b1, [&](Eigen::Index t, int b, int y, int x) {
        const TileWindow window(grid.source, b, y - grid.padding, x - grid.padding, 4);
        forEachChannelPacket(C, [&](Eigen::Index c, auto type) {
            using P = decltype(type);
            const Tile<P, 4> d = loadWindow<P, 4>(source, C, window, c);
            storePositions(mapTile<4>(d, [](const auto& line) { return inputMap(line); }), U, t, C, T, c);
        });
    });
}

// (A dY Aᵀ)_ξ for each 2×2 tile dY of the output's gradient (zero past its edges).
void transformOutputGradientTiles(const TileGrid& grid, const float* dY, int b0, int b1,
                                  float* gradientTiles) {
    const Eigen::Index O = grid.output.channels, T = grid.tiles(b0, b1);
    forEachTile(grid, b0, b1, [&](Eigen::Index t, int b, int y, int x) {
        const TileWindow window(grid.output, b, y, x, 2);
        forEachChannelPacket(O, [&](Eigen::Index c, auto type) {
            using P = decltype(type);
            const Tile<P, 2> gradient = loadWindow<P, 2>(dY, O, window, c);
            storePositions(mapTile<4>(gradient, [](const auto& line) { return outputAdjoint(line); }),
                           gradientTiles, t, O, T, c);
        });
    });
}

// out = Aᵀ M A (+ bias unless null) for each tile's pixels inside the output.
void transformOutputTiles(const TileGrid& grid, const float* M, const float* bias, int b0, int b1,
                          float* out) {
    const Eigen::Index O = grid.output.channels, T = grid.tiles(b0, b1);
    forEachTile(grid, b0, b1, [&](Eigen::Index t, int b, int y, int x) {
        const TileWindow window(grid.output, b, y, x, 2);
        forEachChannelPacket(O, [&](Eigen::Index c, auto type) {
            using P = decltype(type);
            const Tile<P, 4> m = loadPositions<P>(M, t, O, T, c);
            const Tile<P, 2> pixels = mapTile<2>(m, [](const auto& line) { return outputMap(line); });
            const P offset = bias ? ploadu<P>(bias + c) : pset1<P>(0.0f);
            for (int i = window.rowFirst; i < window.rowLast; ++i)
                for (int j = window.first; j < window.last; ++j)
                    pstoreu(out + window.column(i, j) * O + c, padd(pixels[i][j], offset));
        });
    });
}

// M = V U for one position ξ: V [R, K], U [K, tiles], M [R, tiles], all column-major. The inner
// dimension K is a block's channel count, too short for a GEMM to amortise packing its operands: here
// each SIMD packet of a column of M sums over K in a register, for 8 tiles at a time so that their
// independent chains of multiply-adds hide each other's latency, and each weight loaded serves all 8.
void multiplyPosition(const Eigen::MatrixXf& V, const float* U, Eigen::Index tiles, float* M) {
    const Eigen::Index R = V.rows(), K = V.cols();
    auto multiply = [&](Eigen::Index t, auto block) {
        constexpr int Tiles = decltype(block)::value;
        forEachChannelPacket(R, [&](Eigen::Index r, auto type) {
            using P = decltype(type);
            std::array<P, Tiles> sums;
            sums.fill(pset1<P>(0.0f));
            for (Eigen::Index k = 0; k < K; ++k) {
                const P weights = ploadu<P>(V.data() + k * R + r);
                for (int j = 0; j < Tiles; ++j)
                    sums[j] = pmadd(weights, pset1<P>(U[(t + j) * K + k]), sums[j]);
            }
            for (int j = 0; j < Tiles; ++j)
                pstoreu(M + (t + j) * R + r, sums[j]);
        });
    };
    Eigen::Index t = 0;
    for (; t + 8 <= tiles; t += 8)
        multiply(t, std::integral_constant<int, 8>{});
    for (; t < tiles; ++t)
        multiply(t, std::integral_constant<int, 1>{});
}

// N = Y Uᵀ for one position ξ: Y [R, tiles], U [K, tiles], N [R, K]: a sum over the tiles of outer
// products, each SIMD packet of 8 columns of N summing in registers over all the tiles.
void sumPositionProducts(const float* Y, Eigen::Index R, const float* U, Eigen::Index K, Eigen::Index tiles,
                         float* N) {
    auto sum = [&](Eigen::Index k, auto block) {
        constexpr int Columns = decltype(block)::value;
        forEachChannelPacket(R, [&](Eigen::Index r, auto type) {
            using P = decltype(type);
            std::array<P, Columns> sums;
            sums.fill(pset1<P>(0.0f));
            for (Eigen::Index t = 0; t < tiles; ++t) {
                const P gradient = ploadu<P>(Y + t * R + r);
                for (int j = 0; j < Columns; ++j)
                    sums[j] = pmadd(gradient, pset1<P>(U[t * K + k + j]), sums[j]);
            }
            for (int j = 0; j < Columns; ++j)
                pstoreu(N + (k + j) * R + r, sums[j]);
        });
    };
    Eigen::Index k = 0;
    for (; k + 8 <= K; k += 8)
        sum(k, std::integral_constant<int, 8>{});
    for (; k < K; ++k)
        sum(k, std::integral_constant<int, 1>{});
}

} // namespace

WinogradConvolution::WinogradConvolution(const ConvGeometry& g)
    : m_geometry(g) {
    assert(g.spec.kernel == 3 && g.spec.stride == 1 && g.spec.padding <= 2);
}

void WinogradConvolution::reserveSamples(int samples) {
    const Eigen::Index tileFloats = static_cast<Eigen::Index>(kPositions) *
                                    std::max(m_geometry.input.channels, m_geometry.conv.channels) * samples *
                                    winogradTilesPerSample(m_geometry.input, m_geometry.spec);
    m_inputTiles.resize(tileFloats);
    m_productTiles.resize(tileFloats);
    m_kernelSums.resize(static_cast<Eigen::Index>(kPositions) * m_geometry.conv.channels *
                        m_geometry.input.channels);
    for (int position = 0; position < kPositions; ++position) {
        m_V[position].resize(m_geometry.conv.channels, m_geometry.input.channels);
        m_rotatedV[position].resize(m_geometry.input.channels, m_geometry.conv.channels);
    }
}

Eigen::Index WinogradConvolution::workFloats() const {
    return m_inputTiles.size() + m_productTiles.size() + m_kernelSums.size() +
           kPositions * (m_V[0].size() + m_rotatedV[0].size());
}

void WinogradConvolution::setKernel(const Eigen::MatrixXf& Wt) {
    const Eigen::Index O = m_geometry.conv.channels, C = m_geometry.input.channels;
    for (Eigen::Index c = 0; c < C; ++c)
        forEachChannelPacket(O, [&](Eigen::Index o, auto type) {
            using P = decltype(type);
            Tile<P, 3> g;
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j)
                    g[i][j] = ploadu<P>(Wt.col((3 * i + j) * C + c).data() + o);
            const Tile<P, 4> v = mapTile<4>(g, [](const auto& line) { return kernelMap(line); });
            for (int r = 0; r < 4; ++r)
                for (int s = 0; s < 4; ++s)
                    pstoreu(m_V[4 * r + s].col(c).data() + o, v[r][s]);
        });
    for (int position = 0; position < kPositions; ++position)
        m_rotatedV[position] = m_V[rotatedPosition(position)].transpose();
}

void WinogradConvolution::convolve(const Eigen::VectorXf& b, const Eigen::Ref<const Eigen::MatrixXf>& in,
                                   int b0, int b1, Eigen::MatrixXf& Z) {
    assert(in.outerStride() == in.rows());
    const TileGrid grid{m_geometry.input, m_geometry.conv, m_geometry.spec.padding};
    const Eigen::Index C = m_geometry.input.channels, O = m_geometry.conv.channels, T = grid.tiles(b0, b1);
    transformInputTiles(grid, in.data(), b0, b1, m_inputTiles.data());
    for (int position = 0; position < kPositions; ++position) { // M_ξ = V_ξ U_ξ
        multiplyPosition(m_V[position], at(m_inputTiles.data(), position, 0, C, T), T,
                         at(m_productTiles.data(), position, 0, O, T));
    }
    transformOutputTiles(grid, m_productTiles.data(), b.data(), b0, b1, Z.data());
}

void WinogradConvolution::inputGradient(const Eigen::MatrixXf& dZ, int b0, int b1,
                                        Eigen::Ref<Eigen::MatrixXf> dIn) {
    assert(dIn.outerStride() == dIn.rows());
    const TileGrid grid{m_geometry.conv, m_geometry.input, 2 - m_geometry.spec.padding};
    const Eigen::Index C = m_geometry.input.channels, O = m_geometry.conv.channels, T = grid.tiles(b0, b1);
    transformInputTiles(grid, dZ.data(), b0, b1, m_inputTiles.data());
    for (int position = 0; position < kPositions; ++position) { // M'_ξ = V_σ(ξ)ᵀ U'_ξ
        multiplyPosition(m_rotatedV[position], at(m_inputTiles.data(), position, 0, O, T), T,
                         at(m_productTiles.data(), position, 0, C, T));
    }
    transformOutputTiles(grid, m_productTiles.data(), nullptr, b0, b1, dIn.data());
}

void WinogradConvolution::addWeightGradient(const Eigen::MatrixXf& dZ,
                                            const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1,
                                            Eigen::MatrixXf& dWt) {
    assert(in.outerStride() == in.rows());
    const TileGrid grid{m_geometry.input, m_geometry.conv, m_geometry.spec.padding};
    const Eigen::Index C = m_geometry.input.channels, O = m_geometry.conv.channels, T = grid.tiles(b0, b1);
    transformInputTiles(grid, in.data(), b0, b1, m_inputTiles.data());
    transformOutputGradientTiles(grid, dZ.data(), b0, b1, m_productTiles.data());
    // N_ξ [O, C], column c of position ξ.
    auto kernelSum = [&](int position, Eigen::Index c) {
        return m_kernelSums.data() + (position * C + c) * O;
    };
    for (int position = 0; position < kPositions; ++position) { // N_ξ = (A dY Aᵀ)_ξ U_ξᵀ
        sumPositionProducts(at(m_productTiles.data(), position, 0, O, T), O,
                            at(m_inputTiles.data(), position, 0, C, T), C, T, kernelSum(position, 0));
    }
    for (Eigen::Index c = 0; c < C; ++c) // dg = Gᵀ N G
        forEachChannelPacket(O, [&](Eigen::Index o, auto type) {
            using P = decltype(type);
            Tile<P, 4> n;
            for (int r = 0; r < 4; ++r)
                for (int s = 0; s < 4; ++s)
                    n[r][s] = ploadu<P>(kernelSum(4 * r + s, c) + o);
            const Tile<P, 3> dg = mapTile<3>(n, [](const auto& line) { return kernelAdjoint(line); });
            for (int i = 0; i < 3; ++i)
                for (int j = 0; j < 3; ++j) {
                    float* gradient = dWt.col((3 * i + j) * C + c).data() + o;
                    pstoreu(gradient, padd(ploadu<P>(gradient), dg[i][j]));
                }
        });
}

} // namespace rankscope
