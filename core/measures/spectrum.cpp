// Spectrum: singular values and rank measures of one weight matrix (see spectrum.h for the legend and
// the sources of each formula).
//
// Singular values, on the float weights cast to double: Householder bidiagonalization (Eigen's blocked
// UpperBidiagonalization, the first stage of its BDCSVD), then the singular values of the bidiagonal
// by LAPACK's dlasq1, the dqds algorithm (Fernando & Parlett 1994), which computes every one of them
// to high relative accuracy in O(n²). This is what LAPACK's own values-only SVD does; Eigen's BDCSVD
// spends most of its time in the secular equations of its divide-and-conquer stage on the nearly
// low-rank matrices training makes (docs/presentation.md, Frame rate). Double because Eigen 3.4's
// float SVD crashed or returned NaN on nearly rank-1 matrices (DESIGN.md "Time scale"). An SVD rather
// than the eigenvalues of the Gram W W^T: the Gram is faster but squares the condition number, so
// s_i far below s_1 (the tail of the log-spectrum plot) would lose every digit.
// If dlasq1 ever reports a failure or a non-finite value on finite input, JacobiSVD (slower, always
// convergent) recomputes the values.
#include "measures/spectrum.h"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>

// LAPACK (Fortran calling convention).
extern "C" void dlasq1_(const int* n, double* d, double* e, double* work, int* info);

namespace rankscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The singular values of a bidiagonal matrix with diagonal d and superdiagonal e, in decreasing order
// (LAPACK reference: dlasq1.f). Returns false when dqds did not converge.
bool bidiagonalSingularValues(Eigen::VectorXd& d, Eigen::VectorXd& e) {
    const int n = static_cast<int>(d.size());
    Eigen::VectorXd work(4 * n);
    int info = 0;
    dlasq1_(&n, d.data(), e.data(), work.data(), &info);
    return info == 0;
}

// UpperBidiagonalization is Eigen's internal API: a new Eigen must be checked before it is used.
static_assert(EIGEN_WORLD_VERSION == 3 && EIGEN_MAJOR_VERSION == 4,
              "check Eigen::internal::UpperBidiagonalization");

Eigen::VectorXd finiteSingularValues(const Eigen::MatrixXd& A) {
    // Eigen's bidiagonalization wants at least as many rows as columns; A^T has the same values.
    const Eigen::internal::UpperBidiagonalization<Eigen::MatrixXd> bidiagonalization(
        A.rows() >= A.cols() ? A : Eigen::MatrixXd(A.transpose()));
    // The band storage holds the superdiagonal in row 0 (from column 1) and the diagonal in row 1.
    const auto& band = bidiagonalization.bidiagonal().coeffs();
    const Eigen::Index n = band.cols();
    Eigen::VectorXd d = band.row(1).transpose();
    Eigen::VectorXd e = Eigen::VectorXd::Zero(std::max<Eigen::Index>(n, 1));
    e.head(n - 1) = band.row(0).tail(n - 1).transpose();
    if (bidiagonalSingularValues(d, e) && d.allFinite())
        return d;
    return Eigen::JacobiSVD<Eigen::MatrixXd>(A).singularValues();
}

// Roy & Vetterli 2007: exp of the Shannon entropy of the normalised singular values.
double effectiveRankOf(const Eigen::VectorXd& s) {
    const double total = s.sum();
    double entropy = 0;
    for (const double si : s) {
        const double p = si / total;
        if (p > 0)
            entropy -= p * std::log(p);
    }
    return std::exp(entropy);
}

} // namespace

Eigen::VectorXd singularValues(const Eigen::MatrixXf& W) {
    const Eigen::Index n = std::min(W.rows(), W.cols());
    if (!W.allFinite())
        return Eigen::VectorXd::Constant(n, kNaN);
    if (n == 0)
        return Eigen::VectorXd();
    return finiteSingularValues(W.cast<double>());
}

int rankAbove(const Eigen::VectorXd& s, double reference, double eps) {
    return static_cast<int>((s.array() / reference > eps).count());
}

LayerAnalysis analyzeSpectrum(const Eigen::MatrixXf& W, double eps, RankNorm norm, double initialFrobenius) {
    LayerAnalysis a;
    a.singularValues = singularValues(W);
    if (!W.allFinite()) {
        a.effectiveRank = a.stableRank = a.frobenius = a.spectral = kNaN;
        return a;
    }
    a.frobenius = W.cast<double>().norm();
    a.spectral = a.singularValues.size() > 0 ? a.singularValues(0) : 0.0;
    a.collapsed = a.frobenius == 0 || a.frobenius < kCollapseFraction * initialFrobenius;
    if (a.collapsed)
        return a; // rank, effective rank and stable rank stay 0

    const double reference = norm == RankNorm::Spectral ? a.spectral : a.frobenius;
    a.rank = rankAbove(a.singularValues, reference, eps);
    a.effectiveRank = effectiveRankOf(a.singularValues);
    a.stableRank = a.singularValues.squaredNorm() / (a.spectral * a.spectral);
    return a;
}

double rankBound(int batchSize, double lr, double weightDecay, double eps) {
    const double shrink = lr * weightDecay;
    if (shrink == 0)
        return std::numeric_limits<double>::infinity();
    return batchSize * std::log(2.0 / eps) / shrink;
}

double fadeSteps(double lr, double weightDecay, double eps) {
    const double shrink = lr * weightDecay;
    if (shrink == 0)
        return std::numeric_limits<double>::infinity();
    return std::log(2 / eps) / shrink;
}

} // namespace rankscope
