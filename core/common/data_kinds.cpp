#include "common/data_kinds.h"

#include <array>

namespace rankscope {
namespace {

const std::array<DataKind, 6> kDataKinds = {{
    {"gaussian_mixture", "Gaussian mixture", false, false, true, 0, nullptr, false},
    {"teacher", "Teacher network", false, false, false, 0, nullptr, false},
    {"spirals", "Spirals (2-D)", false, false, true, 2, nullptr, false},
    {"linear_regression", "Linear regression", false, true, true, 0, nullptr, false},
    {"idx", "IDX files (MNIST)", true, false, false, 0, "folder of IDX files", true},
    {"csv", "CSV file", true, false, false, 0, "CSV file", false},
}};

} // namespace

std::span<const DataKind> dataKinds() {
    return kDataKinds;
}

const DataKind* findDataKind(const QString& name) {
    for (const DataKind& kind : kDataKinds)
        if (name == QLatin1String(kind.name))
            return &kind;
    return nullptr;
}

} // namespace rankscope
