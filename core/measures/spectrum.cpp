// Spectrum: singular values and rank measures of one weight matrix (see spectrum.h for the legend and
// the sources of each formula).
//
// Singular values: Eigen's BDCSVD<MatrixXd> without U/V on the float weights cast to double. Double
// because Eigen 3.4's BDCSVD<float> crashed or returned NaN on nearly rank-1 matrices (DESIGN.md "Time
// scale"). An SVD rather than the eigenvalues of the Gram W W^T: the Gram is faster but squares
// the condition number, so s_i far below s_1 (the tail of the log-spectrum plot) would lose every
// digit. BDCSVD itself hands matrices with fewer than 16 columns to JacobiSVD.
// If BDCSVD ever reports a failure or a non-finite value on finite input, JacobiSVD (slower, always
// convergent) recomputes the values.
#include "measures/spectrum.h"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>

namespace rankscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd finiteSingularValues(const Eigen::MatrixXd& A) {
    const Eigen::BDCSVD<Eigen::MatrixXd> bdc(A);
    if (bdc.info() == Eigen::Success && bdc.singularValues().allFinite())
        return bdc.singularValues();
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
    a.rank = static_cast<int>((a.singularValues.array() / reference > eps).count());
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
