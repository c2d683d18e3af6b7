// NullSpaceProjector: the part of the first layer's weights that the training inputs never see.
// Built once from the training inputs X [d, N] (one column per sample), it holds an orthonormal basis
// Q_perp [d, d - r] of the orthogonal complement of span(X) and measures ||W_1 P_perp||_F with
// P_perp = Q_perp Q_perp^T = I - (projector onto span(X)). It leaves out the theory curve (the caller
// multiplies by prod_t (1 - lr_t wd_t)) and any layer but the first.
//
// Source: Xu, Galanti, Rangamani, Rosasco, Poggio, "The Janus effects of SGD vs GD: high noise and low
// rank" (CBMM memo 144, 2023). For linear regression, and for the first layer of any network, every
// gradient is a combination of the inputs' transposes, so its rows lie in span(X) and W_1 P_perp only
// feels weight decay: W_perp <- (1 - lr wd) W_perp at every step (no momentum), for SGD and GD alike.
//
// Numerical rank: a direction belongs to span(X) when its singular value exceeds
// relativeTolerance * s_1(X). The default 1e-5 sits well above the float32 rounding of data lying in
// an exact subspace (~1e-7 s_1); a direction below it gets gradients 1e5 times weaker than the
// strongest one, so its part of W, too, decays almost purely by weight decay.
#pragma once

#include <Eigen/Core>

namespace rankscope {

class NullSpaceProjector {
public:
    static constexpr double kDefaultRelativeTolerance = 1e-5;

    NullSpaceProjector() = default; // no inputs: no null space
    // X [d, N], one sample per column. Non-finite X (the data layer rejects it) asserts in debug
    // builds and leaves the projector without a null space.
    explicit NullSpaceProjector(const Eigen::MatrixXf& X,
                                double relativeTolerance = kDefaultRelativeTolerance);

    bool hasNullSpace() const { return m_basis.cols() > 0; } // d - r > 0
    int inputDimension() const { return m_inputDimension; }  // d
    int rangeDimension() const { return m_rangeDimension; }  // r, the numerical rank of X

    // ||W1 P_perp||_F = ||W1 Q_perp||_F, computed directly in double (never as
    // sqrt(||W1||^2 - ||W1 Q||^2), which loses every digit once W_perp has decayed by 1e8).
    // W1 is [out, d]. NaN when there is no null space.
    double nullSpaceNorm(const Eigen::MatrixXf& W1) const;

private:
    int m_inputDimension = 0;
    int m_rangeDimension = 0;
    Eigen::MatrixXd m_basis; // Q_perp [d, d - r], orthonormal columns
};

} // namespace rankscope
