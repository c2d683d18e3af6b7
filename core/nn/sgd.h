// Sgd: torch.optim.SGD (dampening 0, no Nesterov) with PyTorch's weight-decay convention, applied to
// weight matrices and biases alike:
//     g = grad + wd * p;   buf = g (first step) or momentum * buf + g;   p <- p - lr * (momentum ? buf : g)
// The paper writes lambda ||W||^2 in the loss, so its lambda is wd / 2.
// The update is checked before it is applied: a non-finite update leaves every parameter untouched
// (the trainer then enters its Diverged state with the last finite weights). No heap allocation.
#pragma once

#include "nn/network.h"

#include <vector>

namespace rankscope {

struct SgdHyper {
    double lr = 0.1;
    double weightDecay = 0.0;
    double momentum = 0.0;
};

// ||Delta W||_F^2 and ||W_before||_F^2 of one weight matrix in the last update (for update noise).
struct LayerUpdateNorms {
    double updateSquared = 0;
    double weightSquared = 0;
};

class Sgd {
public:
    explicit Sgd(const Network& net);

    // Applies one update from the gradients in net's layers (which it overwrites). Fills `norms`
    // (one entry per layer, pre-sized). Returns false, changing no parameter, if the update is not finite.
    bool step(Network& net, const SgdHyper& hyper, std::vector<LayerUpdateNorms>& norms);

    // Momentum buffers restart from the next gradient (PyTorch's first-step rule).
    void resetMomentum() { m_haveMomentum = false; }

private:
    std::vector<Eigen::MatrixXf> m_bufW;
    std::vector<Eigen::VectorXf> m_bufB;
    bool m_haveMomentum = false;
};

} // namespace rankscope
