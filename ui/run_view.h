// RunView: what a plot needs to draw one run — its bounded history, its newest snapshot (both owned by the
// caller) and, when several runs are compared side by side, its legend label and its index (which picks its
// colour, Theme::runColor). The dashboard hands every plot one RunView per run on screen.
#pragma once

#include "session/run_history.h"
#include "session/snapshot.h"

#include <QList>
#include <QString>

namespace rankscope {

struct RunView {
    const RunHistory* history = nullptr;
    const Snapshot* latest = nullptr;
    QString label;
    int index = 0;
};

using RunViews = QList<RunView>;

// A run shown on its own: no legend label.
inline RunViews singleRunView(const RunHistory& history, const Snapshot& latest) {
    return {RunView{.history = &history, .latest = &latest, .label = {}, .index = 0}};
}

} // namespace rankscope
