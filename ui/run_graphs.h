// RunGraphs: one graph per run of a side-by-side comparison, all drawn against one value axis in the
// runs' colours (Theme::runColor) and, when listed, named in the legend by the runs' labels. A plot
// keeps one RunGraphs per quantity it overlays (e.g. loss and accuracy) and fills each graph itself.
// A plot's headline quantity also labels each line at its newest point with the run's label, so four
// runs read without looking up the legend; the labels are staggered so that none covers another.
#pragma once

#include "run_view.h"

#include <qcustomplot.h>

namespace rankscope {

class LivePlot;

class RunGraphs {
public:
    struct Style {
        double widthFactor = 1.3; // of the theme's line width
        bool inLegend = true;     // named by the run's label
        bool lighter = false;     // a lighter tint of the run's colour (held-out data)
        bool theory = false;      // the theme's theory colour, dashed, whatever the run
        bool dots = false;        // a dot at each point (sparse measurements), joined by the line
        bool endLabels = false;   // the run's label at the newest point of its line
    };

    RunGraphs(LivePlot* plot, QCPAxis* valueAxis, Style style);

    // One graph per run, named and coloured; graphs of runs that left are removed.
    void setRuns(const RunViews& runs);
    int size() const { return static_cast<int>(m_graphs.size()); }
    QCPGraph* at(int run) const { return m_graphs[run]; }
    QList<QCPGraph*> graphs() const { return m_graphs; }
    // The end labels, one per run (none unless Style::endLabels).
    QList<QCPItemText*> endLabels() const { return m_labels; }
    // Removes every graph (the plot left comparison mode or a new run was loaded).
    void clear();
    // Re-applies the pens after a theme change.
    void applyTheme();

private:
    void style(QCPGraph* graph, int runIndex) const;
    void styleLabel(QCPItemText* label, int runIndex) const;
    // Moves each end label to its line's newest point (called before every replot).
    void placeEndLabels();

    LivePlot* m_plot;
    QCPAxis* m_valueAxis;
    Style m_style;
    QList<QCPGraph*> m_graphs;
    QList<int> m_indices; // each graph's run index (its colour)
    QList<QCPItemText*> m_labels;
};

} // namespace rankscope
