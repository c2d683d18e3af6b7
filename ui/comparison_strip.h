// ComparisonStrip: the key to a side-by-side comparison, shown above the plots while several runs
// are on screen. One entry per run: its colour, its label (what differs) and its progress — step,
// epoch and steps/s, since the runs share the CPU and a small batch makes many more steps per second
// than a large one — plus "diverged" or "collapsed" when that happens. Uses the theme's legend font,
// so it grows with the talk theme; three or four runs take two rows of two, and an entry too long for
// its cell is clipped rather than widening the window.
#pragma once

#include "run_view.h"
#include "theme.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace rankscope {

class ComparisonStrip : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonStrip(QWidget* parent = nullptr);

    // Shows the runs; hides itself for a single run (the status bar covers it).
    void showRuns(const RunViews& runs);
    void applyTheme(const Theme& theme);

    // The text of one run's entry (exposed for tests).
    static QString entryText(const RunView& run);

private:
    Theme m_theme;
    QGridLayout* m_grid;
    QList<QLabel*> m_entries;
};

} // namespace rankscope
