// HistoryScrubber: the step slider under the dashboard, one control for every source: a live
// training (pause, move back to "the moment wd went to 0"; Start returns to the present) and
// checkpoints written elsewhere (step through them). Its positions are the steps the runs recorded
// (the longest run's); at the right end it shows the present and follows it as it grows, anywhere
// else every run as it stood at the chosen step (session/history_at_step.h), so every plot shows
// that point and the history up to it. The owner passes the present's views through viewsToShow()
// before showing them, and shows them again when stepChosen() says the choice changed.
// Leaves out: pausing (the owner does it on scrubStarted()) and the plots themselves.
#pragma once

#include "run_view.h"
#include "session/history_at_step.h"

#include <QWidget>
#include <cstdint>
#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QSlider;

namespace rankscope {

class HistoryScrubber : public QWidget {
    Q_OBJECT
public:
    explicit HistoryScrubber(QWidget* parent = nullptr);

    // `present` (every run as it stands) while at the present, else every run at the chosen step
    // (the views point into this scrubber; valid until the next call). Takes the slider's
    // positions from `present`.
    RunViews viewsToShow(const RunViews& present);

    // Nothing at the present; else the recorded step shown.
    std::optional<std::int64_t> chosenStep() const { return m_chosen; }
    // Shows the last recorded step <= `step`, or the present if that is the newest; emits stepChosen().
    void choose(std::int64_t step);
    void returnToPresent(); // emits stepChosen() if it was elsewhere
    // Forgets the recorded steps (a new run): back at the present, no signal.
    void clear();

protected:
    // The focused slider keeps its arrow keys, which the main window's shortcuts (→ steps) would take.
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void stepChosen();   // show viewsToShow() again
    void scrubStarted(); // the user took the slider

private:
    void setSteps(std::vector<std::int64_t> steps);
    void syncSlider(); // the slider's range and position for m_steps and m_chosen, no signal
    void onSliderMoved(int position);
    void updateLabel();

    QSlider* m_slider;
    QLabel* m_label;
    QPushButton* m_present;
    std::vector<std::int64_t> m_steps; // the positions, ascending
    std::optional<std::int64_t> m_chosen;
    std::vector<HistoryAtStep> m_past; // the views at m_chosen, kept until the choice or the present changes
    RunViews m_pastViews;
    std::vector<std::int64_t> m_pastKey; // the chosen step and each run's last step they were made for
};

} // namespace rankscope
