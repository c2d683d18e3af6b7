// Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural
// Networks", CVPR 2016) for the 3×3, stride-1 blocks whose input has more than a few channels
// (common/conv_spec.h, ConvMethod::Winograd). Each 2×2 tile of a channel pair's output is
//     Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
// from its 4×4 input tile d and 3×3 kernel g: 16 multiplications where the direct form takes 36.
// Summed over the input channels, position ξ of the 4×4 transformed tile is one matrix product over
// all the tiles,
//     M_ξ = V_ξ U_ξ,   V_ξ = (G g Gᵀ)_ξ [O, C],   U_ξ = (Bᵀ d B)_ξ [C, tiles],
// so a convolution is 16 products with 2.25 times fewer multiply-adds than im2col's one GEMM, between
// cheap transforms of the tiles. Their inner dimension is a block's channel count, too short for
// Eigen's GEMM to amortise packing its operands: packet kernels sum them in registers.
// The gradients come from the same maps:
// - the input gradient is itself a 3×3 stride-1 correlation, of dZ padded by 2 − padding with the
//   kernel rotated by 180° and its channels swapped. Rotating g turns G g Gᵀ into S (G g Gᵀ) S, S
//   exchanging positions 0 and 3 (G J = S G for the exchange matrix J), so its transformed kernels
//   are V_σ(ξ)ᵀ with σ swapping 0 and 3 in both coordinates;
// - the weight gradient is the adjoint map dg = Gᵀ [ Σ_tiles (A dY Aᵀ) ⊙ (Bᵀ d B) ] G: 16 products
//   N_ξ = (A dY Aᵀ)_ξ U_ξᵀ summed over the tiles.
// Tiles reaching past the output (odd sizes) read zeros and are cropped. Activations are channels-last
// and weights tap-major (nn/conv_block.h); every function works on images [b0, b1) of at most the
// reserved count and allocates nothing.
#pragma once

#include "nn/patch_window.h"

#include <array>

namespace rankscope {

class WinogradConvolution {
public:
    explicit WinogradConvolution(const ConvGeometry& g);

    void reserveSamples(int samples); // allocates: the kernels and buffers for this many images at a time
    Eigen::Index workFloats() const;

    // The transformed kernels V_ξ of Wt, for the calls below until the weights change.
    void setKernel(const Eigen::MatrixXf& Wt);
    // Z = Wt * patches + b.
    void convolve(const Eigen::VectorXf& b, const Eigen::Ref<const Eigen::MatrixXf>& in, int b0, int b1,
                  Eigen::MatrixXf& Z);
    // dIn = col2im(Wt^T dZ) on the images' input columns.
    void inputGradient(const Eigen::MatrixXf& dZ, int b0, int b1, Eigen::Ref<Eigen::MatrixXf> dIn);
    // dWt += dZ * patches^T.
    void addWeightGradient(const Eigen::MatrixXf& dZ, const Eigen::Ref<const Eigen::MatrixXf>& in, int b0,
                           int b1, Eigen::MatrixXf& dWt);

    static constexpr int kPositions = 16; // of a transformed 4×4 tile

private:
    ConvGeometry m_geometry;
    std::array<Eigen::MatrixXf, kPositions> m_V;        // V_ξ [O, C]
    std::array<Eigen::MatrixXf, kPositions> m_rotatedV; // V_σ(ξ)ᵀ [C, O], for the input gradient
    Eigen::VectorXf m_inputTiles;   // U_ξ of a chunk, or dZ's tiles for the input gradient
    Eigen::VectorXf m_productTiles; // M_ξ of a chunk, or (A dY Aᵀ)_ξ for the weight gradient
    Eigen::VectorXf m_kernelSums;   // N_ξ [O, C]
};

} // namespace rankscope
