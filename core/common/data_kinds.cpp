#include "common/data_kinds.h"

#include <array>

namespace rankscope {
namespace {

constexpr std::array<DataKindInfo, 7> kDataKinds = {{
    {DataKind::GaussianMixture, "gaussian_mixture", "Gaussian mixture", false, false, true, 0, nullptr, false,
     false},
    {DataKind::Teacher, "teacher", "Teacher network", false, false, false, 0, nullptr, false, false},
    {DataKind::Spirals, "spirals", "Spirals (2-D)", false, false, true, 2, nullptr, false, false},
    {DataKind::LinearRegression, "linear_regression", "Linear regression", false, true, true, 0, nullptr,
     false, false},
    {DataKind::Images, "images", "Synthetic images (bars)", false, false, true, 0, nullptr, false, true},
    {DataKind::Idx, "idx", "IDX files (MNIST)", true, false, false, 0, "folder of IDX files", true, false},
    {DataKind::Csv, "csv", "CSV file", true, false, false, 0, "CSV file", false, false},
}};

constexpr bool inEnumOrder() {
    for (std::size_t i = 0; i < kDataKinds.size(); ++i)
        if (static_cast<std::size_t>(kDataKinds[i].value) != i)
            return false;
    return true;
}
static_assert(inEnumOrder(), "dataKindInfo() indexes the table by the enum");

} // namespace

std::span<const DataKindInfo> dataKinds() {
    return kDataKinds;
}

const DataKindInfo& dataKindInfo(DataKind kind) {
    return kDataKinds[static_cast<std::size_t>(kind)];
}

ChoiceTable<DataKindInfo> choiceTable(DataKind) {
    return {kDataKinds, "unknown kind (expected %1)"};
}

} // namespace rankscope
