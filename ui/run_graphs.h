// RunGraphs: one graph per run of a side-by-side comparison, all drawn against one value axis in the
// runs' colours (Theme::runColor) and, when listed, named in the legend by the runs' labels. A plot
// keeps one RunGraphs per quantity it overlays (e.g. loss and accuracy) and fills each graph itself.
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
        QCPScatterStyle::ScatterShape scatter = QCPScatterStyle::ssNone; // with no line between
    };

    RunGraphs(LivePlot* plot, QCPAxis* valueAxis, Style style);

    // One graph per run, named and coloured; graphs of runs that left are removed.
    void setRuns(const RunViews& runs);
    int size() const { return static_cast<int>(m_graphs.size()); }
    QCPGraph* at(int run) const { return m_graphs[run]; }
    QList<QCPGraph*> graphs() const { return m_graphs; }
    // Removes every graph (the plot left comparison mode or a new run was loaded).
    void clear();
    // Re-applies the pens after a theme change.
    void applyTheme();

private:
    void style(QCPGraph* graph, int runIndex) const;

    LivePlot* m_plot;
    QCPAxis* m_valueAxis;
    Style m_style;
    QList<QCPGraph*> m_graphs;
    QList<int> m_indices; // each graph's run index (its colour)
};

} // namespace rankscope
