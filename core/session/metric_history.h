// MetricHistory: a bounded time series (step, epoch, value) for the live plots.
//
// Memory stays flat however long a run is: the series holds at most `capacity` points spread over the
// whole run. When full it drops every other point and from then on keeps only every 2nd (then 4th,
// 8th, ...) new point, so old and new parts of the curve keep the same density. The newest point is
// always present (as a tentative tail that the next append replaces unless it falls on the stride),
// so a plot's line always reaches the present.
#pragma once

#include <cstdint>
#include <vector>

namespace rankscope {

class MetricHistory {
public:
    explicit MetricHistory(int capacity = 4096);

    void append(double step, double epoch, double value);
    void clear();

    int size() const { return static_cast<int>(m_steps.size()); }
    bool isEmpty() const { return m_steps.empty(); }
    int capacity() const { return m_capacity; }
    const std::vector<double>& steps() const { return m_steps; }
    const std::vector<double>& epochs() const { return m_epochs; }
    const std::vector<double>& values() const { return m_values; }

private:
    void decimate();

    int m_capacity;
    std::int64_t m_appended = 0; // points offered since the last clear
    std::int64_t m_stride = 1;   // keep one offered point in m_stride
    bool m_tailTentative = false;
    std::vector<double> m_steps, m_epochs, m_values;
};

} // namespace rankscope
