// orientedBars: the synthetic image data kind (data.kind = "images"), small class-dependent pictures
// that a CNN learns in seconds and that need no download.
//
// Legend: K = classes, C x H x W = data.image_shape, S = min(H, W), e ~ N(0, 1) per pixel.
// Sample i: y ~ U{0..K-1}; a bright bar of angle theta = pi y / K + U(-1, 1) pi / (4K) through the
// centre (H/2, W/2) + U(-S/4, S/4)^2, of length 0.6 S and Gaussian cross-section of width
// sigma = max(0.6, S / 16) pixels:
//     bar(p) = exp(-d_perp(p)^2 / (2 sigma^2)) * (|d_along(p)| <= 0.3 S ? 1 : exp(-(|d_along| - 0.3 S)^2 / (2
//     sigma^2)))
// Channel c of the image is bar * g_c(y) + 0.5 noise e with g_c(y) = 1 for C = 1 and, for colour
// images, 0.5 + 0.5 cos(2 pi (c / C + y / K)) (a class-dependent tint, never the only cue).
// So the class is the bar's orientation (and tint); noise = 1 makes single pixels unreliable while
// the whole bar stays visible. Samples draw from RngStream::Data, the training set first.
#pragma once

#include "common/conv_spec.h"
#include "data/synthetic_data.h"

namespace rankscope {

// Uses spec.trainSize, testSize, classes, noise and seed (spec.dim is image.size()).
DataSplit orientedBars(const SyntheticSpec& spec, const ImageShape& image);

} // namespace rankscope
