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
    return QColor::fromHsvF(color.hsvHueF(), 0.45 * color.hsvSaturationF(), std::min(1.0, 1.15 * color.valueF()));
}

} // namespace

LossAccuracyPlot::LossAccuracyPlot(QWidget* parent)
    : TimePlot("Loss and accuracy", parent) {
    makeLogarithmic(yAxis);
    setAxisLabel(yAxis, "loss (mean per sample, log)", "loss (log)");
    yAxis2->setVisible(true);
    setAxisLabel(yAxis2, "accuracy (fraction correct)", "accuracy");
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
    placeLegendAbove();
    applyTheme(theme());
    setToolTip("<p><b>Loss</b> (left, log), as PyTorch computes it: cross_entropy = nn.CrossEntropyLoss, "
               "mse = nn.MSELoss, both means over the samples. Solid: training loss, the mean over the "
               "mini-batches since the previous frame (noisy; SGD saw these batches). Lighter: the held-out "
               "test set.</p>"
               "<p><b>Accuracy</b> (right, fraction correct); none for regression. Dotted: chance level "
               "1/classes — where a collapsed network (rank 0, lr·wd too large) ends up.</p>");
}

void LossAccuracyPlot::showAccuracy(bool show) {
    if (show == m_accuracyShown)
        return;
    m_accuracyShown = show;
    yAxis2->setVisible(show);
    m_chance->setVisible(show);
    m_chanceLabel->setVisible(show);
    for (QCPGraph* graph : {m_trainAcc, m_testAcc}) {
        graph->setVisible(show);
        if (show)
            graph->addToLegend();
        else
            graph->removeFromLegend();
    }
    updateLegendLayout();
}

void LossAccuracyPlot::showRun(const RunHistory& history, const Snapshot& latest) {
    setSeries(m_trainLoss, history.trainLoss);
    setSeries(m_testLoss, history.testLoss);
    setSeries(m_trainAcc, history.trainAcc);
    setSeries(m_testAcc, history.testAcc);
    showAccuracy(std::isfinite(latest.metrics.testAcc) || std::isfinite(latest.metrics.trainAcc));
    if (m_accuracyShown && !latest.weights.empty()) {
        const auto classes = latest.weights.back().rows();
        const double chance = classes > 1 ? 1.0 / static_cast<double>(classes) : 0.5;
        m_chance->point1->setCoords(0, chance);
        m_chance->point2->setCoords(1, chance);
        m_chanceLabel->position->setCoords(0.01, chance);
        m_chanceLabel->setText(QString("chance %1").arg(chance, 0, 'g', 2));
    }
    finishTimeUpdate(history, latest);
    fitValueAxis(yAxis, false, 6);
}

void LossAccuracyPlot::applyTheme(const Theme& theme) {
    TimePlot::applyTheme(theme);
    m_trainLoss->setPen(themePen(lossColor(theme)));
    m_testLoss->setPen(themePen(testTint(lossColor(theme))));
    m_trainAcc->setPen(themePen(accuracyColor(theme)));
    m_testAcc->setPen(themePen(testTint(accuracyColor(theme))));
    yAxis->setLabelColor(lossColor(theme));
    yAxis2->setLabelColor(accuracyColor(theme));
    m_chance->setPen(themePen(accuracyColor(theme), 0.7, Qt::DotLine));
    m_chanceLabel->setFont(theme.legendFont);
    m_chanceLabel->setColor(accuracyColor(theme));
    QColor backdrop = theme.background;
    backdrop.setAlpha(210);
    m_chanceLabel->setBrush(backdrop);
    replot(rpQueuedReplot);
}

} // namespace rankscope
