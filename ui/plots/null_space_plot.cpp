#include "plots/null_space_plot.h"

namespace rankscope {

NullSpacePlot::NullSpacePlot(QWidget* parent) : TimePlot("Layer 1 outside the data's span (Janus)", parent) {
    makeLogarithmic(yAxis);
    yAxis->setLabel("‖W₁P⊥‖_F  (log)");
    m_measured = addGraph();
    m_measured->setName("measured ‖W₁P⊥‖_F");
    m_theory = addGraph();
    m_theory->setName("theory ‖W₁(0)P⊥‖_F ∏ₜ(1 − lrₜ·wdₜ)");
    m_message = new QCPItemText(this);
    m_message->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_message->position->setCoords(0.5, 0.5);
    m_message->setPositionAlignment(Qt::AlignCenter);
    m_message->setTextAlignment(Qt::AlignCenter);
    m_message->setText("inputs span all of R^d: no null space\n"
                       "(use a subspace data set, e.g. janus-linear)");
    m_message->setVisible(false);
    placeLegendAbove();
    applyTheme(theme());
    setToolTip("<p><b>‖W₁P⊥‖_F</b>: the part of the first layer's weights outside the span of the "
               "training inputs (P⊥ = I − the projector onto that span). No gradient ever reaches it, so "
               "only weight decay shrinks it, by exactly (1 − lr·wd) per step, for SGD and GD alike.</p>"
               "<p>Dashed: that theory, ‖W₁(0)P⊥‖_F ∏ₜ(1 − lrₜ·wdₜ). Per epoch SGD takes N/B steps "
               "and GD one, so SGD removes it far faster per epoch (Xu, Galanti, Rangamani, Rosasco, Poggio, "
               "<i>The Janus effects of SGD vs GD</i>, 2023). Values below ~10⁻⁶ of the start are float32 "
               "round-off.</p>"
               "<p>Only data confined to a subspace (subspace_dim &gt; 0, or fewer samples than input "
               "dimensions) have a null space.</p>");
}

void NullSpacePlot::showRun(const RunHistory& history, const Snapshot& latest) {
    setSeries(m_measured, history.nullSpaceNorm);
    setSeries(m_theory, history.nullSpaceTheory);
    m_message->setVisible(!history.isEmpty() && m_measured->data()->isEmpty() && m_theory->data()->isEmpty());
    legend->setVisible(!m_message->visible());
    finishTimeUpdate(history, latest);
    fitValueAxis(yAxis, false, 9);
}

void NullSpacePlot::clearRun() {
    m_message->setVisible(false);
    legend->setVisible(true);
    TimePlot::clearRun();
}

void NullSpacePlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    m_measured->setPen(themePen(theme.accent, 1.3));
    m_theory->setPen(themePen(theme.theory, 1.0, Qt::DashLine));
    m_message->setFont(theme.labelFont);
    m_message->setColor(theme.foreground);
    replot(rpQueuedReplot);
}

} // namespace rankscope
