#include "measures/conv_operator_spectrum.h"

#include "measures/spectrum.h"

#include <Eigen/SVD>
#include <algorithm>
#include <cassert>
#include <complex>
#include <functional>
#include <limits>
#include <numbers>
#include <vector>

// LAPACK (Fortran calling convention, with the hidden lengths of the two character arguments).
extern "C" void zgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n,
                        std::complex<double>* a, const int* lda, double* s, std::complex<double>* u,
                        const int* ldu, std::complex<double>* vt, const int* ldvt, std::complex<double>* work,
                        const int* lwork, double* rwork, int* info, std::size_t jobuLength,
                        std::size_t jobvtLength);

namespace rankscope {
namespace {

// zgesvd's buffers for one shape, kept across frequencies: the copy of P that it overwrites and its
// workspace without U and V (2 min + max complex and 5 min real numbers).
struct ComplexSvdBuffers {
    ComplexSvdBuffers(int rows, int cols)
        : overwritten(rows, cols)
        , work(2 * std::min(rows, cols) + std::max(rows, cols))
        , rwork(5 * std::min(rows, cols)) {}
    Eigen::MatrixXcd overwritten;
    Eigen::VectorXcd work;
    Eigen::VectorXd rwork;
};

// The singular values of P, values only: LAPACK's zgesvd, the complex twin of the bidiagonalization and
// dqds that measures/spectrum.cpp uses for real matrices; Eigen's complex JacobiSVD took ten times
// longer on the 32 x 16 matrices of a small CNN. JacobiSVD recomputes them if LAPACK reports a failure.
Eigen::VectorXd complexSingularValues(const Eigen::MatrixXcd& P, ComplexSvdBuffers& buffers) {
    const int m = static_cast<int>(P.rows()), n = static_cast<int>(P.cols()), one = 1;
    const int lwork = static_cast<int>(buffers.work.size());
    Eigen::VectorXd s(std::min(m, n));
    std::complex<double> unused;
    int info = 0;
    buffers.overwritten = P;
    zgesvd_("N", "N", &m, &n, buffers.overwritten.data(), &m, s.data(), &unused, &one, &unused, &one,
            buffers.work.data(), &lwork, buffers.rwork.data(), &info, 1, 1);
    if (info == 0 && s.allFinite())
        return s;
    return Eigen::JacobiSVD<Eigen::MatrixXcd>(P).singularValues();
}

} // namespace

bool hasOperatorSpectrum(const ImageShape& input, const ConvBlockSpec& spec) {
    return spec.stride == 1 && 2 * spec.padding == spec.kernel - 1 && input.isImage();
}

double operatorRankOf(const Eigen::VectorXd& s, bool collapsed, double eps, RankNorm norm) {
    if (!s.allFinite())
        return std::numeric_limits<double>::quiet_NaN();
    if (collapsed || s.size() == 0 || s(0) == 0)
        return 0;
    return rankAbove(s, norm == RankNorm::Spectral ? s(0) : s.norm(), eps);
}

double operatorSpectrumCost(const ImageShape& input, const ConvBlockSpec& spec) {
    const double inputs = input.channels, outputs = spec.channels, taps = spec.kernel * spec.kernel;
    const double fewer = std::min(inputs, outputs);
    return input.pixels() * (taps * inputs * outputs + fewer * fewer * std::max(inputs, outputs));
}

Eigen::VectorXd convOperatorSingularValues(const Eigen::MatrixXf& W, const ImageShape& input, int kernel) {
    const int O = static_cast<int>(W.rows()), C = input.channels, k = kernel, H = input.height,
              Wd = input.width;
    assert(W.cols() == static_cast<Eigen::Index>(C) * k * k);
    const Eigen::Index perFrequency = std::min(O, C);
    if (!W.allFinite())
        return Eigen::VectorXd::Constant(perFrequency * H * Wd, std::numeric_limits<double>::quiet_NaN());
    // The kernel's O x C slices, one per tap (i, j).
    std::vector<Eigen::MatrixXd> taps(static_cast<std::size_t>(k) * k, Eigen::MatrixXd(O, C));
    for (int c = 0; c < C; ++c)
        for (int t = 0; t < k * k; ++t)
            taps[t].col(c) = W.col(c * k * k + t).cast<double>();
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(perFrequency) * H * Wd);
    Eigen::MatrixXcd P(O, C);
    ComplexSvdBuffers buffers(O, C);
    for (int u = 0; u < H; ++u)
        for (int v = 0; v < Wd; ++v) {
            // P(-u, -v) is the conjugate of P(u, v) and has its singular values: take each pair once.
            const int mu = (H - u) % H, mv = (Wd - v) % Wd;
            if (std::make_pair(mu, mv) < std::make_pair(u, v))
                continue;
            P.setZero();
            for (int i = 0; i < k; ++i)
                for (int j = 0; j < k; ++j) {
                    const double angle = -2 * std::numbers::pi *
                                         (static_cast<double>(u) * i / H + static_cast<double>(v) * j / Wd);
                    P += std::polar(1.0, angle) * taps[i * k + j];
                }
            const Eigen::VectorXd s = complexSingularValues(P, buffers);
            const int copies = std::make_pair(mu, mv) == std::make_pair(u, v) ? 1 : 2;
            for (int copy = 0; copy < copies; ++copy)
                values.insert(values.end(), s.data(), s.data() + s.size());
        }
    std::sort(values.begin(), values.end(), std::greater<>());
    return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

} // namespace rankscope
