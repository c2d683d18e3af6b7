#include "run_graphs.h"

#include "live_plot.h"

#include <algorithm>

namespace rankscope {

RunGraphs::RunGraphs(LivePlot* plot, QCPAxis* valueAxis, Style style)
    : m_plot(plot)
    , m_valueAxis(valueAxis)
    , m_style(style) {}

void RunGraphs::setRuns(const RunViews& runs) {
    while (m_graphs.size() > runs.size()) {
        m_plot->removeGraph(m_graphs.takeLast());
        m_indices.removeLast();
    }
    while (m_graphs.size() < runs.size()) {
        QCPGraph* graph = m_plot->addGraph(m_plot->xAxis, m_valueAxis);
        if (!m_style.inLegend)
            graph->removeFromLegend();
        m_graphs.append(graph);
        m_indices.append(-1);
    }
    for (int i = 0; i < runs.size(); ++i) {
        if (m_indices[i] != runs[i].index) {
            m_indices[i] = runs[i].index;
            style(m_graphs[i], runs[i].index);
        }
        m_graphs[i]->setName(runs[i].label);
    }
}

void RunGraphs::clear() {
    for (QCPGraph* graph : m_graphs)
        m_plot->removeGraph(graph);
    m_graphs.clear();
    m_indices.clear();
}

void RunGraphs::applyTheme() {
    for (int i = 0; i < m_graphs.size(); ++i)
        style(m_graphs[i], m_indices[i]);
}

void RunGraphs::style(QCPGraph* graph, int runIndex) const {
    QColor color = m_plot->theme().runColor(std::max(runIndex, 0));
    if (m_style.lighter)
        color = Theme::heldOutTint(color);
    graph->setPen(m_style.theory ? m_plot->themePen(m_plot->theme().theory, m_style.widthFactor, Qt::DashLine)
                                 : m_plot->themePen(color, m_style.widthFactor));
    if (m_style.scatter != QCPScatterStyle::ssNone) {
        graph->setLineStyle(QCPGraph::lsNone);
        const Theme& theme = m_plot->theme();
        graph->setScatterStyle(QCPScatterStyle(m_style.scatter, QPen(color, theme.lineWidth * 0.7),
                                               theme.background, 4 + 2 * theme.lineWidth));
    }
}

} // namespace rankscope
