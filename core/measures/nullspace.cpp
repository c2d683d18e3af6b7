// NullSpaceProjector: orthonormal basis of the complement of the training inputs' span (see
// nullspace.h for the Janus-effect source and the tolerance).
//
// Method: eigen-decompose the d x d Gram G = X X^T = sum_j x_j x_j^T in double. Its eigenvectors with
// eigenvalue lambda_i <= tol^2 lambda_max (i.e. s_i(X) <= tol s_1(X)) span the null space. The Gram
// squares X's condition number, which is harmless here: the threshold tol^2 = 1e-10 is far above
// double round-off (~1e-14 lambda_max). A coordinate that is zero in every sample (G_ii = 0: e.g. an
// always-black pixel) is an exact null direction: it gets the unit basis vector e_i and stays out of
// the eigenproblem, so its part of W is measured exactly, however small. The Gram is
// accumulated over column blocks so that no double copy of X is ever made (d = 784, N = 60000 would
// take 376 MB), using the symmetric rank-k update (half the flops of a general product).
// Cost, once per data set: d^2 N flops for the Gram (already at one core's double-precision peak)
// plus ~9 d^3 for the eigenvectors.
#include "measures/nullspace.h"

#include <Eigen/Eigenvalues>
#include <QtGlobal>
#include <algorithm>
#include <limits>
#include <vector>

namespace rankscope {

namespace {

constexpr Eigen::Index kGramBlockColumns = 2048;

Eigen::MatrixXd gramOfColumns(const Eigen::MatrixXf& X) {
    Eigen::MatrixXd G = Eigen::MatrixXd::Zero(X.rows(), X.rows());
    for (Eigen::Index first = 0; first < X.cols(); first += kGramBlockColumns) {
        const Eigen::Index width = std::min(kGramBlockColumns, X.cols() - first);
        const Eigen::MatrixXd block = X.middleCols(first, width).cast<double>();
        G.selfadjointView<Eigen::Lower>().rankUpdate(block);
    }
    return G;
}

} // namespace

NullSpaceProjector::NullSpaceProjector(const Eigen::MatrixXf& X, double relativeTolerance)
    : m_inputDimension(static_cast<int>(X.rows())) {
    Q_ASSERT_X(X.allFinite(), "NullSpaceProjector", "training inputs must be finite");
    if (!X.allFinite())
        return;

    // Only the lower triangle of the Gram is filled; the solver and the slicing below read only that.
    const Eigen::MatrixXd G = gramOfColumns(X);
    std::vector<int> used, unused; // coordinates with and without a nonzero sample (G_ii = ||row i||^2)
    for (int i = 0; i < m_inputDimension; ++i)
        (G(i, i) > 0 ? used : unused).push_back(i);

    Eigen::MatrixXd usedNullBasis(used.size(), 0);
    if (!used.empty()) {
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(G(used, used), Eigen::ComputeEigenvectors);
        if (eigen.info() != Eigen::Success)
            return;
        const Eigen::VectorXd& lambda = eigen.eigenvalues(); // ascending
        const double threshold = relativeTolerance * relativeTolerance * lambda(lambda.size() - 1);
        m_rangeDimension = static_cast<int>((lambda.array() > threshold).count());
        usedNullBasis = eigen.eigenvectors().leftCols(lambda.size() - m_rangeDimension);
    }

    const Eigen::Index nullity = m_inputDimension - m_rangeDimension;
    m_basis = Eigen::MatrixXd::Zero(m_inputDimension, nullity);
    for (Eigen::Index j = 0; j < Eigen::Index(unused.size()); ++j)
        m_basis(unused[j], j) = 1;
    m_basis(used, Eigen::seqN(Eigen::Index(unused.size()), usedNullBasis.cols())) = usedNullBasis;
}

double NullSpaceProjector::nullSpaceNorm(const Eigen::MatrixXf& W1) const {
    Q_ASSERT_X(!hasNullSpace() || W1.cols() == m_inputDimension, "nullSpaceNorm", "W1 must be [out, d]");
    if (!hasNullSpace() || W1.cols() != m_inputDimension)
        return std::numeric_limits<double>::quiet_NaN();
    return (W1.cast<double>() * m_basis).norm();
}

} // namespace rankscope
