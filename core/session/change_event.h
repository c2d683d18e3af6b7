// ChangeEvent: a hyper-parameter change applied between two steps, {step, name, old, new}.
// Every time plot draws a labelled marker at `step` (e.g. "B 128→8").
#pragma once

#include <QString>
#include <cstdint>

namespace rankscope {

struct ChangeEvent {
    std::int64_t step = 0; // the first step that used the new value
    QString name;          // a live setting's name (common/train_settings.h), e.g. "batch_size"
    double oldValue = 0;
    double newValue = 0;
};

} // namespace rankscope
