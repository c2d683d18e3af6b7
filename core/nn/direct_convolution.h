// Direct convolution: the three products of a conv block computed from the channels-last input in
// place, without im2col patches. For an input with few channels the patch is a handful of floats, too
// short for a GEMM to amortise its packing, and im2col would copy the input k² times; here each output
// pixel's O channels accumulate in vector registers while the kernel's taps stream past.
//
// Weights are in the tap-major order of nn/conv_block.h: column (i k + j) C + c of Wt [O, C k k]
// multiplies channel c of tap (i, j). Every function works on images [b0, b1); columns of Z, dZ are
// the block's convolution-output columns, columns of in, dIn its input columns.
#pragma once

#include "nn/patch_window.h"

namespace rankscope {

// Z = Wt * patches + b.
void directConvolve(const ConvGeometry& g, const Eigen::MatrixXf& Wt, const Eigen::VectorXf& b,
                    const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1, Eigen::MatrixXf& Z);
// dWt += dZ * patches^T and, unless db is null (no bias), db += the row sums of dZ, in one pass.
void directWeightGradient(const ConvGeometry& g, const Eigen::MatrixXf& dZ,
                          const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1, Eigen::MatrixXf& dWt,
                          Eigen::VectorXf* db);
// dIn += col2im(Wt^T dZ).
void directInputGradient(const ConvGeometry& g, const Eigen::MatrixXf& Wt, const Eigen::MatrixXf& dZ, int b0,
                         int b1, Eigen::Ref<Eigen::MatrixXf> dIn);

} // namespace rankscope
