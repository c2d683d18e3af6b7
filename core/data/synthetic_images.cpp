// The oriented-bar image generator; the model and its formulas are in synthetic_images.h.
#include "data/synthetic_images.h"

#include "common/rng.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace rankscope {
namespace {

Dataset barImages(int count, const SyntheticSpec& spec, const ImageShape& image, Rng& rng) {
    const double pi = std::numbers::pi;
    const int K = spec.classes, C = image.channels, H = image.height, W = image.width;
    const double side = std::min(H, W);
    const double halfLength = 0.3 * side, sigma = std::max(0.6, side / 16);
    std::uniform_int_distribution<std::int32_t> label(0, K - 1);
    Dataset set;
    set.x.resize(image.size(), count);
    set.labels.resize(count);
    set.classes = K;
    set.image = image;
    for (int i = 0; i < count; ++i) {
        const std::int32_t y = label(rng);
        set.labels[i] = y;
        const double theta = pi * y / K + uniform(rng, -1, 1) * pi / (4 * K);
        const double cy = H / 2.0 + uniform(rng, -side / 4, side / 4);
        const double cx = W / 2.0 + uniform(rng, -side / 4, side / 4);
        const double dy = std::sin(theta), dx = std::cos(theta);
        for (int c = 0; c < C; ++c) {
            const double tint = C == 1 ? 1.0 : 0.5 + 0.5 * std::cos(2 * pi * (double(c) / C + double(y) / K));
            for (int r = 0; r < H; ++r)
                for (int q = 0; q < W; ++q) {
                    const double py = r + 0.5 - cy, px = q + 0.5 - cx;
                    const double along = std::abs(px * dx + py * dy), across = -px * dy + py * dx;
                    const double beyond = std::max(0.0, along - halfLength);
                    const double bar = std::exp(-(across * across + beyond * beyond) / (2 * sigma * sigma));
                    set.x((c * H + r) * W + q, i) =
                        static_cast<float>(tint * bar + 0.5 * spec.noise * standardNormal(rng));
                }
        }
    }
    return set;
}

} // namespace

DataSplit orientedBars(const SyntheticSpec& spec, const ImageShape& image) {
    assert(image.isImage() && spec.classes >= 2 && spec.trainSize >= 1 && spec.testSize >= 0);
    Rng rng = makeRng(spec.seed, RngStream::Data);
    DataSplit split;
    split.train = barImages(spec.trainSize, spec, image, rng);
    split.test = barImages(spec.testSize, spec, image, rng);
    return split;
}

} // namespace rankscope
