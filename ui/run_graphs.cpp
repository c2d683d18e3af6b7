#include "run_graphs.h"

#include "live_plot.h"

#include <algorithm>
#include <cmath>

namespace rankscope {

RunGraphs::RunGraphs(LivePlot* plot, QCPAxis* valueAxis, Style style)
    : m_plot(plot)
    , m_valueAxis(valueAxis)
    , m_style(style) {
    if (m_style.endLabels)
        QObject::connect(plot, &LivePlot::textsFitted, plot, [this] { placeEndLabels(); });
}

void RunGraphs::setRuns(const RunViews& runs) {
    while (m_graphs.size() > runs.size()) {
        m_plot->removeGraph(m_graphs.takeLast());
        m_indices.removeLast();
        if (!m_labels.isEmpty())
            m_plot->removeItem(m_labels.takeLast());
    }
    while (m_graphs.size() < runs.size()) {
        QCPGraph* graph = m_plot->addGraph(m_plot->xAxis, m_valueAxis);
        if (!m_style.inLegend)
            graph->removeFromLegend();
        m_graphs.append(graph);
        m_indices.append(-1);
        if (m_style.endLabels) {
            auto* label = new QCPItemText(m_plot);
            label->position->setAxes(m_plot->xAxis, m_valueAxis);
            label->setClipAxisRect(m_valueAxis->axisRect());
            label->setVisible(false); // until placed
            m_labels.append(label);
        }
    }
    for (int i = 0; i < runs.size(); ++i) {
        if (m_indices[i] != runs[i].index) {
            m_indices[i] = runs[i].index;
            style(m_graphs[i], runs[i].index);
            if (!m_labels.isEmpty())
                styleLabel(m_labels[i], runs[i].index);
        }
        m_graphs[i]->setName(runs[i].label);
        if (!m_labels.isEmpty())
            m_labels[i]->setText(runs[i].label);
    }
}

void RunGraphs::clear() {
    for (QCPGraph* graph : m_graphs)
        m_plot->removeGraph(graph);
    m_graphs.clear();
    m_indices.clear();
    for (QCPItemText* label : std::as_const(m_labels))
        m_plot->removeItem(label);
    m_labels.clear();
}

void RunGraphs::applyTheme() {
    for (int i = 0; i < m_graphs.size(); ++i) {
        style(m_graphs[i], m_indices[i]);
        if (!m_labels.isEmpty())
            styleLabel(m_labels[i], m_indices[i]);
    }
}

void RunGraphs::styleLabel(QCPItemText* label, int runIndex) const {
    label->setFont(m_plot->theme().legendFont);
    label->setColor(m_plot->theme().runColor(std::max(runIndex, 0)));
}

void RunGraphs::placeEndLabels() {
    struct End {
        double y;
        QCPItemText* label;
    };
    std::vector<End> ends;
    for (int i = 0; i < m_labels.size(); ++i) {
        QCPItemText* label = m_labels[i];
        const QCPGraph* graph = m_graphs[i];
        label->setVisible(false);
        if (!graph->visible() || graph->data()->isEmpty())
            continue;
        const QCPGraphData& newest = *(graph->data()->constEnd() - 1);
        const double y = m_valueAxis->coordToPixel(newest.value);
        if (!std::isfinite(newest.key) || !std::isfinite(y))
            continue;
        label->position->setCoords(newest.key, newest.value);
        // Left of the point, where the line came from; right of it when the text would leave the plot.
        const double width = QFontMetricsF(label->font()).horizontalAdvance(label->text()) + 4;
        const bool roomLeft =
            m_plot->xAxis->coordToPixel(newest.key) - width > m_valueAxis->axisRect()->left();
        label->setPositionAlignment((roomLeft ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        label->setPadding(roomLeft ? QMargins(0, 0, 4, 0) : QMargins(4, 0, 0, 0));
        label->setVisible(true);
        ends.push_back({y, label});
    }
    // Top to bottom, each label at least one line below the one above it (in plot coordinates, so
    // that a figure drawn at another size keeps them where the layout put them).
    std::sort(ends.begin(), ends.end(), [](const End& a, const End& b) { return a.y < b.y; });
    const double line = QFontMetricsF(m_plot->theme().legendFont).height();
    double previous = -1e9;
    for (End& end : ends) {
        if (end.y < previous + line) {
            end.y = previous + line;
            end.label->position->setCoords(end.label->position->key(), m_valueAxis->pixelToCoord(end.y));
        }
        previous = end.y;
    }
}

void RunGraphs::style(QCPGraph* graph, int runIndex) const {
    QColor color = m_plot->theme().runColor(std::max(runIndex, 0));
    if (m_style.lighter)
        color = Theme::heldOutTint(color);
    graph->setPen(m_style.theory ? m_plot->themePen(m_plot->theme().theory, m_style.widthFactor, Qt::DashLine)
                                 : m_plot->themePen(color, m_style.widthFactor));
    if (m_style.dots)
        graph->setScatterStyle(m_plot->dotStyle(color));
}

} // namespace rankscope
