// The singular values of a convolutional layer as the linear operator it is on its input grid, next
// to those of its reshaped kernel [out, in k k] that every other measure uses (DESIGN.md "Measures").
//
// Sedghi, Gupta & Long, "The Singular Values of Convolutional Layers" (ICLR 2019, Theorem 6): a
// stride-1 convolution with wrap-around (circular) boundaries on an H x W grid is block-diagonalised
// by the 2-D discrete Fourier transform. Its singular values are the union, over the H W frequencies
// (u, v), of those of the O x C complex matrices
//     P(u, v) = sum_{i, j < k} K[:, :, i, j] exp(-2 pi i (u i / H + v j / W)),
// H W min(O, C) values in all. For a "same" convolution (stride 1, padding (k - 1) / 2: an H x W output)
// PyTorch's zero padding differs from wrap-around only at the border, so for a grid much wider than
// the kernel these approximate the layer's own singular values, and s_1 its Lipschitz constant on the
// grid. Other layers (strided, or shrinking the grid) are not this operator, so they get none here.
#pragma once

#include "common/conv_spec.h"
#include "common/named_choices.h"

#include <Eigen/Core>

namespace rankscope {

// Whether the layer is the operator above: a "same" convolution (stride 1, 2 padding = kernel - 1).
bool hasOperatorSpectrum(const ImageShape& input, const ConvBlockSpec& spec);

// rank_eps of operator singular values s under the run's convention (measures/spectrum.h), with the
// reshaped kernel's rules: 0 for a collapsed layer (`collapsed`, from its kernel) or a zero one, NaN
// for non-finite values.
double operatorRankOf(const Eigen::VectorXd& s, bool collapsed, double eps, RankNorm norm);

// The work of convOperatorSingularValues in multiply-adds, roughly: per frequency, building P(u, v)
// (k² O C) and its SVD (min(O, C)² max(O, C)).
double operatorSpectrumCost(const ImageShape& input, const ConvBlockSpec& spec);

// A snapshot's operator spectra, in layer order, stop before this total cost: beyond it the analysis
// would take more than about 50 ms per snapshot.
constexpr double kMaxOperatorSpectrumCost = 5e7;

// s_1 >= s_2 >= ... of the convolution with weights W [O, C k k] (PyTorch's flattening: column
// (c k + i) k + j holds tap (i, j) of input channel c) as an operator on input.height x input.width
// grids with wrap-around boundaries, in double precision. Non-finite W: all NaN.
Eigen::VectorXd convOperatorSingularValues(const Eigen::MatrixXf& W, const ImageShape& input, int kernel);

} // namespace rankscope
