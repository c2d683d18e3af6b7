// DecimatedSeries<Value>: a bounded time series (step, epoch, value) for the live plots;
// MetricHistory is the scalar case, SpectrumHistory keeps whole singular-value vectors (heat map).
//
// Memory stays flat however long a run is: the series holds at most `capacity` points spread over the
// whole run. When full it drops every other point and from then on keeps only every 2nd (then 4th,
// 8th, ...) new point, so old and new parts of the curve keep the same density. The newest point is
// always present (as a tentative tail that the next append replaces unless it falls on the stride),
// so a plot's line always reaches the present.
#pragma once

#include <Eigen/Core>
#include <cassert>
#include <cstdint>
#include <vector>

namespace rankscope {

template <typename Value> class DecimatedSeries {
public:
    explicit DecimatedSeries(int capacity = 4096)
        : m_capacity(capacity) {
        assert(capacity >= 4);
    }

    void append(double step, double epoch, Value value) {
        if (m_tailTentative)
            popBack();
        m_steps.push_back(step);
        m_epochs.push_back(epoch);
        m_values.push_back(std::move(value));
        m_tailTentative = m_appended % m_stride != 0;
        ++m_appended;
        if (!m_tailTentative && size() >= m_capacity)
            decimate();
    }

    void clear() {
        m_steps.clear();
        m_epochs.clear();
        m_values.clear();
        m_appended = 0;
        m_stride = 1;
        m_tailTentative = false;
    }

    // Drops the points after `step` (a rollback undid those steps); later appends continue from there.
    void truncateAfter(double step) {
        while (!m_steps.empty() && m_steps.back() > step)
            popBack();
        m_tailTentative = false;
    }

    int size() const { return static_cast<int>(m_steps.size()); }
    bool isEmpty() const { return m_steps.empty(); }
    int capacity() const { return m_capacity; }
    const std::vector<double>& steps() const { return m_steps; }
    const std::vector<double>& epochs() const { return m_epochs; }
    const std::vector<Value>& values() const { return m_values; }

private:
    void popBack() {
        m_steps.pop_back();
        m_epochs.pop_back();
        m_values.pop_back();
    }

    // Keeps the points at even positions; the newest point survives as a tentative tail.
    void decimate() {
        const bool lastIsDropped = m_steps.size() % 2 == 0;
        const double lastStep = m_steps.back(), lastEpoch = m_epochs.back();
        Value lastValue = m_values.back();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_steps.size(); i += 2, ++kept) {
            m_steps[kept] = m_steps[i];
            m_epochs[kept] = m_epochs[i];
            m_values[kept] = std::move(m_values[i]);
        }
        m_steps.resize(kept);
        m_epochs.resize(kept);
        m_values.resize(kept);
        m_stride *= 2;
        if (lastIsDropped) {
            m_steps.push_back(lastStep);
            m_epochs.push_back(lastEpoch);
            m_values.push_back(std::move(lastValue));
            m_tailTentative = true;
        }
    }

    int m_capacity;
    std::int64_t m_appended = 0; // points offered since the last clear
    std::int64_t m_stride = 1;   // keep one offered point in m_stride
    bool m_tailTentative = false;
    std::vector<double> m_steps, m_epochs;
    std::vector<Value> m_values;
};

using MetricHistory = DecimatedSeries<double>;
using SpectrumHistory = DecimatedSeries<Eigen::VectorXd>;

} // namespace rankscope
