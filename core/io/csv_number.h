// How every RankScope CSV writes a number: the shortest form that reads back as the same double,
// `nan` for a value not measured and `inf`/`-inf`, all three read by numpy and pandas.
#pragma once

#include <QByteArray>
#include <charconv>
#include <cmath>

namespace rankscope {

inline QByteArray csvNumber(double value) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr; // shortest exact form
    return QByteArray(buffer, end - buffer);
}

} // namespace rankscope
