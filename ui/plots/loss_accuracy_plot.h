// LossAccuracyPlot: train and test loss (left axis, log) and accuracy (right axis, 0..1) over
// training time; train solid, test a lighter tint, loss and accuracy in two colours that match their axes.
// Train values are the mean over the mini-batches since the previous snapshot, test values come
// from the held-out set. Losses follow PyTorch (DESIGN.md): batch means. Regression runs have no
// accuracy: the accuracy axis and legend entries are hidden and the title reads "Loss". A dotted line marks
// chance accuracy (1 / classes), where a collapsed network ends up. Comparing runs: each run's train loss
// (solid) and test accuracy (its lighter tint; test loss for regression) in the run's colour.
#pragma once

#include "run_graphs.h"
#include "time_plot.h"

namespace rankscope {

class LossAccuracyPlot : public TimePlot {
    Q_OBJECT
public:
    explicit LossAccuracyPlot(QWidget* parent = nullptr);

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void applyTheme(const Theme& theme) override;

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;

private:
    void showAccuracy(bool show);
    void showChance(const Snapshot& latest);
    void updateAxisLabels();

    QCPGraph* m_trainLoss;
    QCPGraph* m_testLoss;
    QCPGraph* m_trainAcc;
    QCPGraph* m_testAcc;
    QCPItemStraightLine* m_chance;
    QCPItemText* m_chanceLabel;
    bool m_accuracyShown = true;
    RunGraphs m_runTrainLoss;
    RunGraphs m_runTestLoss;
    RunGraphs m_runTestAcc;
};

} // namespace rankscope
