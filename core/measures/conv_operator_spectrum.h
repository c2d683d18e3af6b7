// The singular values of a convolutional layer as the linear operator it is on its input grid, next
// to those of its reshaped kernel [out, in k k] that every other measure uses (DESIGN.md "Measures").
//
// Sedghi, Gupta & Long, "The Singular Values of Convolutional Layers" (ICLR 2019, Theorem 6): a
// stride-1 convolution with wrap-around (circular) boundaries on an H x W grid is block-diagonalised
// by the 2-D discrete Fourier transform. Its singular values are the union, over the H W frequencies
// (u, v), of those of the O x C complex matrices
//     P(u, v) = sum_{i, j < k} K[:, :, i, j] exp(-2 pi i (u i / H + v j / W)),
// H W min(O, C) values in all. PyTorch's zero padding differs from wrap-around only at the border,
// so for a layer whose grid is much wider than its kernel these are its operator's singular values up
// to that border; s_1 is the layer's Lipschitz constant on the grid. A strided convolution is not
// block-diagonalised this way, so it has none here.
#pragma once

#include "common/conv_spec.h"

#include <Eigen/Core>

namespace rankscope {

// The operator spectrum costs about H W min(O, C)² max(O, C) flops (one small complex SVD per
// frequency); layers beyond this many are left out of the live analysis (hasOperatorSpectrum), which
// it would slow down by more than about 50 ms per snapshot.
constexpr double kMaxOperatorSpectrumFlops = 5e7;

// Whether the analysis computes the operator spectrum of a conv layer with this input and spec:
// stride 1 and at most kMaxOperatorSpectrumFlops.
bool hasOperatorSpectrum(const ImageShape& input, const ConvBlockSpec& spec);

// s_1 >= s_2 >= ... of the convolution with weights W [O, C k k] (PyTorch's flattening: column
// (c k + i) k + j holds tap (i, j) of input channel c) as an operator on input.height x input.width
// grids with wrap-around boundaries, in double precision. Non-finite W: all NaN.
Eigen::VectorXd convOperatorSingularValues(const Eigen::MatrixXf& W, const ImageShape& input, int kernel);

} // namespace rankscope
