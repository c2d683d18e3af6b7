// Seeded random test matrices shared by the measures tests.
#pragma once

#include <Eigen/Core>
#include <random>

namespace rankscope::test {

using MatrixXld = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;

// Entries drawn i.i.d. N(0, 1) from a seeded generator.
inline Eigen::MatrixXf gaussian(int rows, int cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    return Eigen::MatrixXf::NullaryExpr(rows, cols, [&] { return normal(rng); });
}

} // namespace rankscope::test
