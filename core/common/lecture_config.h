// LectureConfig: how a preset is shown in front of a class — the `lecture` object of a preset, next
// to data, model and train. It paces the run (steps per second), chooses the time axis, which
// dashboard panels show and which one is drawn large, the layer the heat map starts on, and the
// steps at which every run pauses by itself so the lecturer can talk. Presets, --set and config.json
// read and write it through the dotted keys of common/config_fields.h (lecture.speed, ...).
// It never changes what is trained: a headless run ignores all of it but the figure's time axis.
// Leaves out: applying it (the window: ui/main_window.cpp and ui/dashboard.cpp; the pauses:
// session/training_session.cpp).
#pragma once

#include "common/named_choices.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace rankscope {

// The x axis of every time plot: optimizer steps, or epochs (passes over the training set).
enum class TimeAxis { Steps, Epochs };
ChoiceTable<NamedChoice<TimeAxis>> choiceTable(TimeAxis);

// The dashboard's panels by name, in reading order: "spectrum", "heatmap", "rank", "noise", "loss",
// "nullspace".
const QStringList& dashboardPanelNames();

struct LectureConfig {
    double speed = 0; // steps per second; 0 = unlimited (the window's speed control snaps to 1-2-5 steps)
    TimeAxis time_axis = TimeAxis::Steps;
    bool log_time = false;                      // a logarithmic time axis: the early fall keeps its width
    QStringList panels = dashboardPanelNames(); // the panels shown, by name
    QString large_panel;                        // "" or one of `panels`: drawn across the top row
    int heatmap_layer = 0;                      // 1-based layer the heat map shows; 0 = automatic
    std::vector<int> pause_at;                  // steps at which every run pauses (ascending)

    // Empty when valid; otherwise one line naming the key ("lecture.panels: ...").
    QString validate() const;

    bool operator==(const LectureConfig&) const = default;
};

} // namespace rankscope
