#include "session/metric_history.h"

#include <cassert>

namespace rankscope {

MetricHistory::MetricHistory(int capacity) : m_capacity(capacity) {
    assert(capacity >= 4);
    m_steps.reserve(capacity + 1);
    m_epochs.reserve(capacity + 1);
    m_values.reserve(capacity + 1);
}

void MetricHistory::append(double step, double epoch, double value) {
    if (m_tailTentative) {
        m_steps.pop_back();
        m_epochs.pop_back();
        m_values.pop_back();
    }
    m_steps.push_back(step);
    m_epochs.push_back(epoch);
    m_values.push_back(value);
    m_tailTentative = m_appended % m_stride != 0;
    ++m_appended;
    if (!m_tailTentative && size() >= m_capacity)
        decimate();
}

void MetricHistory::decimate() {
    const double lastStep = m_steps.back(), lastEpoch = m_epochs.back(), lastValue = m_values.back();
    const bool lastIsDropped = m_steps.size() % 2 == 0;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_steps.size(); i += 2, ++kept) {
        m_steps[kept] = m_steps[i];
        m_epochs[kept] = m_epochs[i];
        m_values[kept] = m_values[i];
    }
    m_steps.resize(kept);
    m_epochs.resize(kept);
    m_values.resize(kept);
    m_stride *= 2;
    if (lastIsDropped) { // keep the present visible until the next point replaces it
        m_steps.push_back(lastStep);
        m_epochs.push_back(lastEpoch);
        m_values.push_back(lastValue);
        m_tailTentative = true;
    }
}

void MetricHistory::clear() {
    m_steps.clear();
    m_epochs.clear();
    m_values.clear();
    m_appended = 0;
    m_stride = 1;
    m_tailTentative = false;
}

} // namespace rankscope
