#include "common/named_choices.h"

#include <array>

namespace rankscope {
namespace {

constexpr std::array<NamedChoice<ModelKind>, 2> kModelKinds = {{
    {ModelKind::Mlp, "mlp"},
    {ModelKind::Cnn, "cnn"},
}};
constexpr std::array<NamedChoice<LossKind>, 2> kLosses = {{
    {LossKind::CrossEntropy, "cross_entropy"},
    {LossKind::Mse, "mse"},
}};
constexpr std::array<NamedChoice<RankNorm>, 2> kRankNorms = {{
    {RankNorm::Spectral, "spectral"},
    {RankNorm::Frobenius, "frobenius"},
}};

} // namespace

ChoiceTable<NamedChoice<ModelKind>> choiceTable(ModelKind) {
    return {kModelKinds, "unknown kind (expected %1)"};
}

ChoiceTable<NamedChoice<LossKind>> choiceTable(LossKind) {
    return {kLosses, "unknown loss (expected %1)"};
}

ChoiceTable<NamedChoice<RankNorm>> choiceTable(RankNorm) {
    return {kRankNorms, "expected %1"};
}

} // namespace rankscope
