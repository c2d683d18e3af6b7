#include "session/change_log.h"

#include "common/train_settings.h"

#include <limits>

namespace rankscope {

void ChangeLog::record(std::int64_t step, const TrainConfig& before, const TrainConfig& after,
                       double nowSeconds) {
    for (const TrainSetting& setting : trainSettings())
        if (const double oldValue = setting.value(before), newValue = setting.value(after);
            oldValue != newValue)
            add({step, setting.name, oldValue, newValue}, nowSeconds);
    if (m_events.size() > kMaxEvents) {
        const auto excess = static_cast<std::ptrdiff_t>(m_events.size() - kMaxEvents);
        m_events.erase(m_events.begin(), m_events.begin() + excess);
        m_changedAt.erase(m_changedAt.begin(), m_changedAt.begin() + excess);
    }
}

void ChangeLog::add(const ChangeEvent& event, double nowSeconds) {
    for (std::size_t i = m_events.size(); i-- > 0;) {
        if (m_events[i].name != event.name)
            continue;
        const bool continues = m_events[i].newValue == event.oldValue;
        if (!continues || nowSeconds - m_changedAt[i] > kQuietSeconds)
            break;
        m_events[i].newValue = event.newValue;
        m_changedAt[i] = nowSeconds;
        if (m_events[i].newValue == m_events[i].oldValue) { // back where it began: nothing changed
            m_events.erase(m_events.begin() + static_cast<std::ptrdiff_t>(i));
            m_changedAt.erase(m_changedAt.begin() + static_cast<std::ptrdiff_t>(i));
        }
        return;
    }
    m_events.push_back(event);
    m_changedAt.push_back(nowSeconds);
}

void ChangeLog::dropAfter(std::int64_t step) {
    for (std::size_t i = m_events.size(); i-- > 0;) {
        if (m_events[i].step > step) {
            m_events.erase(m_events.begin() + static_cast<std::ptrdiff_t>(i));
            m_changedAt.erase(m_changedAt.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    m_changedAt.assign(m_changedAt.size(), -std::numeric_limits<double>::infinity());
}

void ChangeLog::clear() {
    m_events.clear();
    m_changedAt.clear();
}

} // namespace rankscope
