#include "plots/loss_accuracy_plot.h"

#include <cmath>

namespace rankscope {
namespace {

QColor lossColor(const Theme& theme) {
    return theme.layerColor(0);
}
QColor accuracyColor(const Theme& theme) {
    return theme.layerColor(5);
}
// Test curves: the train colour, lighter. Solid rather than dashed: a dashed pen over a long, noisy
// curve cost the raster engine several milliseconds per frame (rankscope-gui-bench).
QColor testTint(const QColor& color) {
    return Theme::heldOutTint(color);
}

} // namespace

LossAccuracyPlot::LossAccuracyPlot(QWidget* parent)
    : TimePlot("Loss and accuracy", parent)
    , m_runTrainLoss(this, yAxis, {.endLabels = true})
    , m_runTestLoss(this, yAxis, {.inLegend = false, .lighter = true})
    , m_runTestAcc(this, yAxis2, {.inLegend = false, .lighter = true}) {
    makeLogarithmic(yAxis);
    yAxis2->setVisible(true);
    updateAxisLabels();
    yAxis2->setRange(0, 1.04);
    m_trainLoss = addGraph();
    m_trainLoss->setName("train loss");
    m_testLoss = addGraph();
    m_testLoss->setName("test loss");
    m_trainAcc = addGraph(xAxis, yAxis2);
    m_trainAcc->setName("train accuracy");
    m_testAcc = addGraph(xAxis, yAxis2);
    m_testAcc->setName("test accuracy");
    m_chance = new QCPItemStraightLine(this);
    for (QCPItemPosition* point : {m_chance->point1, m_chance->point2})
        point->setAxes(xAxis, yAxis2);
    m_chanceLabel = new QCPItemText(this);
    m_chanceLabel->position->setAxes(xAxis, yAxis2);
    m_chanceLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_chanceLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_chanceLabel->setClipToAxisRect(true);
    m_chanceLabel->setLayer("legend"); // above the curves
    m_chanceLabel->setPadding(QMargins(3, 1, 3, 1));
    m_chance->setVisible(false); // until a run's classifier gives the number of classes
    m_chanceLabel->setVisible(false);
    placeLegendAbove();
    applyTheme(theme());
    setToolTip("<p><b>Loss</b> (left, log), as PyTorch computes it: cross_entropy = nn.CrossEntropyLoss, "
               "mse = nn.MSELoss, both means over the samples. Solid: training loss, the mean over the "
               "mini-batches since the previous frame (noisy; SGD saw these batches). Lighter: the held-out "
               "test set.</p>"
               "<p><b>Accuracy</b> (right, fraction correct); none for regression. Dotted: chance level "
               "1/classes — where a collapsed network (rank 0, lr·wd too large) ends up.</p>");
}

void LossAccuracyPlot::updateAxisLabels() {
    if (isComparing()) {
        setAxisLabel(yAxis, "loss (solid: train; light: test), log", "loss (log)");
        setAxisLabel(yAxis2, "test accuracy (light)", "test accuracy");
    } else {
        setAxisLabel(yAxis, "loss (mean per sample, log)", "loss (log)");
        setAxisLabel(yAxis2, "accuracy (fraction correct)", "accuracy");
    }
    // Axis colours name the quantities for one run; comparing, colours name the runs.
    yAxis->setLabelColor(isComparing() ? theme().foreground : lossColor(theme()));
    yAxis2->setLabelColor(isComparing() ? theme().foreground : accuracyColor(theme()));
}

void LossAccuracyPlot::showAccuracy(bool show) {
    if (show == m_accuracyShown)
        return;
    m_accuracyShown = show;
    setTitle(show ? "Loss and accuracy" : "Loss");
    yAxis2->setVisible(show);
    if (!isComparing())
        setGraphsShown({m_trainAcc, m_testAcc}, show);
}

void LossAccuracyPlot::showChance(const Snapshot& latest) {
    // A checkpoint's snapshot carries no weights: its classes, and so the chance level, are unknown.
    const bool known = m_accuracyShown && !latest.weights.empty();
    m_chance->setVisible(known);
    m_chanceLabel->setVisible(known);
    if (!known)
        return;
    const auto classes = latest.weights.back().rows();
    const double chance = classes > 1 ? 1.0 / static_cast<double>(classes) : 0.5;
    m_chance->point1->setCoords(0, chance);
    m_chance->point2->setCoords(1, chance);
    m_chanceLabel->position->setCoords(0.01, chance);
    m_chanceLabel->setText(QString("chance %1").arg(chance, 0, 'g', 2));
}

void LossAccuracyPlot::showRun(const RunHistory& history, const Snapshot& latest) {
    setSeries(m_trainLoss, history.trainLoss);
    setSeries(m_testLoss, history.testLoss);
    setSeries(m_trainAcc, history.trainAcc);
    setSeries(m_testAcc, history.testAcc);
    showAccuracy(std::isfinite(latest.metrics.testAcc) || std::isfinite(latest.metrics.trainAcc));
    showChance(latest);
    finishTimeUpdate(history, latest);
    fitValueAxis(yAxis, false, 6);
}

void LossAccuracyPlot::setComparing(bool comparing) {
    setGraphsShown({m_trainLoss, m_testLoss}, !comparing);
    setGraphsShown({m_trainAcc, m_testAcc}, !comparing && m_accuracyShown);
    if (!comparing) {
        m_runTrainLoss.clear();
        m_runTestLoss.clear();
        m_runTestAcc.clear();
    }
    updateAxisLabels();
}

void LossAccuracyPlot::showComparison(const RunViews& runs) {
    const Snapshot& first = *runs.front().latest;
    const bool classification = std::isfinite(first.metrics.testAcc) || std::isfinite(first.metrics.trainAcc);
    showAccuracy(classification);
    m_runTrainLoss.setRuns(runs);
    m_runTestLoss.setRuns(classification ? RunViews{} : runs);
    m_runTestAcc.setRuns(classification ? runs : RunViews{});
    for (int i = 0; i < runs.size(); ++i) {
        setSeries(m_runTrainLoss.at(i), runs[i].history->trainLoss);
        if (classification)
            setSeries(m_runTestAcc.at(i), runs[i].history->testAcc);
        else
            setSeries(m_runTestLoss.at(i), runs[i].history->testLoss);
    }
    showChance(first);
    finishTimeUpdate(runs);
    fitValueAxis(yAxis, false, 6);
    updateLegendLayout();
}

void LossAccuracyPlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    m_trainLoss->setPen(themePen(lossColor(theme)));
    m_testLoss->setPen(themePen(testTint(lossColor(theme))));
    m_trainAcc->setPen(themePen(accuracyColor(theme)));
    m_testAcc->setPen(themePen(testTint(accuracyColor(theme))));
    for (RunGraphs* graphs : {&m_runTrainLoss, &m_runTestLoss, &m_runTestAcc})
        graphs->applyTheme();
    updateAxisLabels();
    m_chance->setPen(themePen(accuracyColor(theme), 0.7, Qt::DotLine));
    m_chanceLabel->setFont(theme.legendFont);
    m_chanceLabel->setColor(accuracyColor(theme));
    QColor backdrop = theme.background;
    backdrop.setAlpha(210);
    m_chanceLabel->setBrush(backdrop);
    replot(rpQueuedReplot);
}

} // namespace rankscope
