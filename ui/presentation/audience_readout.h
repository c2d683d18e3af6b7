// AudienceReadout: the run's knobs and progress in one line of large type for the back of the room —
// "B = 8   lr = 0.1   wd = 0.01   step 12,345" (epoch instead of step on the epoch time axis; "GD"
// for full-batch gradient descent; the run's label first when several runs are compared). Its type
// scales with the window's height, so it stays readable at 720 lines and does not shout at 2160,
// and shrinks only when the line would not fit the window's width; its colours follow the theme. Shows what
// the session published, never what a knob is being dragged to.
#pragma once

#include "run_view.h"
#include "theme.h"
#include "time_plot.h"

#include <QLabel>

namespace rankscope {

class AudienceReadout : public QLabel {
    Q_OBJECT
public:
    explicit AudienceReadout(QWidget* parent = nullptr);

    void showRun(const RunView& run, TimeAxis axis, bool labelled);
    void applyTheme(const Theme& theme);
    // Sizes the type for a window `windowHeight` pixels tall.
    void setWindowHeight(int windowHeight);

    // The readout's text for a snapshot (exposed for tests).
    static QString readoutText(const Snapshot& latest, TimeAxis axis);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitType();

    Theme m_theme;
    int m_pixelSize = 0; // for the window's height; fitType() may use less
};

} // namespace rankscope
