#include "plots/null_space_plot.h"

namespace rankscope {
namespace {

const QString kNoNullSpace =
    "inputs span all of ℝᵈ: no null space\n(use a subspace data set,\ne.g. janus-linear)";
const QString kNoInputs = "checkpoints carry no training inputs:\nno null space to measure";
// The theory needs every gradient of W_1 to be a combination of the raw inputs; a conv layer's
// gradients combine image patches, so the measure is not defined for it.
const QString kConvolutional =
    "not shown for a CNN: the Janus measure is about\na dense first layer on raw inputs;"
    "\nconv layer 1 sees image patches";

} // namespace

NullSpacePlot::NullSpacePlot(QWidget* parent)
    : TimePlot("Layer 1 outside the data's span (Janus)", parent)
    , m_runMeasured(this, yAxis, {.endLabels = true})
    , m_runTheory(this, yAxis, {.widthFactor = 1.0, .inLegend = false, .theory = true}) {
    makeLogarithmic(yAxis);
    setAxisLabel(yAxis, "‖W₁P⊥‖_F  (log)", "‖W₁P⊥‖_F");
    m_measured = addGraph();
    m_measured->setName("measured ‖W₁P⊥‖_F");
    m_theory = addGraph();
    m_theory->setName("theory ‖W₁(0)P⊥‖_F ∏ₜ(1 − lrₜ·wdₜ)");
    m_message = new QCPItemText(this);
    m_message->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_message->position->setCoords(0.5, 0.5);
    m_message->setPositionAlignment(Qt::AlignCenter);
    m_message->setTextAlignment(Qt::AlignCenter);
    m_message->setText(kNoNullSpace);
    m_message->setLayer("overlay"); // above the change markers
    m_message->setPadding(QMargins(8, 4, 8, 4));
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
               "<p>Comparing SGD with GD (preset sgd-vs-gd): against steps both runs lie on the one "
               "dashed curve; against epochs SGD's falls N/B times faster.</p>"
               "<p>Only data confined to a subspace (subspace_dim &gt; 0, or fewer samples than input "
               "dimensions) have a null space.</p>");
}

void NullSpacePlot::showRun(const RunHistory& history, const Snapshot& latest) {
    setSeries(m_measured, history.nullSpaceNorm);
    setSeries(m_theory, history.nullSpaceTheory);
    const QString& text = latest.fromCheckpoints     ? kNoInputs
                          : latest.isConvolutional() ? kConvolutional
                                                     : kNoNullSpace;
    if (text != m_message->text()) {
        m_message->setText(text);
        fitTexts();
    }
    showMessage(!history.isEmpty() && m_measured->data()->isEmpty() && m_theory->data()->isEmpty());
    finishTimeUpdate(history, latest);
    fitValueAxis(yAxis, false, 9);
}

void NullSpacePlot::setComparing(bool comparing) {
    setGraphsShown({m_measured}, !comparing && !m_message->visible());
    if (!comparing) {
        m_runMeasured.clear();
        m_runTheory.clear();
    }
}

void NullSpacePlot::showComparison(const RunViews& runs) {
    // Measured first, so the dashed theory is drawn over them: where the runs follow it exactly
    // (SGD and GD per step) the solid curves would otherwise hide it.
    m_runMeasured.setRuns(runs);
    m_runTheory.setRuns(runs);
    bool anyData = false;
    for (int i = 0; i < runs.size(); ++i) {
        setSeries(m_runMeasured.at(i), runs[i].history->nullSpaceNorm);
        setSeries(m_runTheory.at(i), runs[i].history->nullSpaceTheory);
        anyData = anyData || !m_runMeasured.at(i)->data()->isEmpty() || !m_runTheory.at(i)->data()->isEmpty();
    }
    m_theory->data()->clear(); // its legend entry names the dashed curves
    showMessage(!runs.front().history->isEmpty() && !anyData);
    finishTimeUpdate(runs);
    fitValueAxis(yAxis, false, 9);
    updateLegendLayout();
}

void NullSpacePlot::showMessage(bool show) {
    if (show == m_message->visible())
        return;
    m_message->setVisible(show);
    yAxis->setTickLabels(!show); // an axis without data has no scale to read
    // No curves, no legend entries (a hidden legend would still take its row).
    QList<QCPGraph*> curves = isComparing() ? m_runMeasured.graphs() : QList<QCPGraph*>{m_measured};
    curves.append(m_theory);
    setGraphsShown(curves, !show);
}

void NullSpacePlot::fitTexts() {
    m_message->setFont(fittedFont(theme().labelFont, m_message->text(), axisRect()->width()));
    TimePlot::fitTexts();
}

void NullSpacePlot::clearRun() {
    showMessage(false);
    TimePlot::clearRun();
}

void NullSpacePlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    m_measured->setPen(themePen(theme.accent, 1.3));
    m_theory->setPen(themePen(theme.theory, 1.0, Qt::DashLine));
    m_runMeasured.applyTheme();
    m_runTheory.applyTheme();
    m_message->setColor(theme.foreground);
    QColor backdrop = theme.background;
    backdrop.setAlpha(225);
    m_message->setBrush(backdrop);
    replot(rpQueuedReplot);
}

} // namespace rankscope
