// The divisor of rank_ε as the plots write it: s₁ (the paper's definition, metrics.rank_norm =
// spectral) or ‖W‖_F (the paper's code, frobenius). One place, so every label agrees.
#pragma once

#include "measures/spectrum.h"

#include <QString>

namespace rankscope {

inline QString rankReference(RankNorm norm) {
    return norm == RankNorm::Spectral ? "s₁" : "‖W‖_F";
}

} // namespace rankscope
