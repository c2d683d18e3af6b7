// LossAccuracyPlot: train and test loss (left axis, log) and accuracy (right axis, 0..1) over
// training time; train solid, test dashed, loss and accuracy in two colours that match their axes.
// Train values are the mean over the mini-batches since the previous snapshot, test values come
// from the held-out set. Losses follow PyTorch (DESIGN.md): batch means. Regression runs have no
// accuracy: the accuracy axis and legend entries are hidden. A dotted line marks chance accuracy
// (1 / classes), where a collapsed network ends up.
#pragma once

#include "time_plot.h"

namespace rankscope {

class LossAccuracyPlot : public TimePlot {
    Q_OBJECT
public:
    explicit LossAccuracyPlot(QWidget* parent = nullptr);

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void applyTheme(const Theme& theme) override;

private:
    void showAccuracy(bool show);

    QCPGraph* m_trainLoss;
    QCPGraph* m_testLoss;
    QCPGraph* m_trainAcc;
    QCPGraph* m_testAcc;
    QCPItemStraightLine* m_chance;
    QCPItemText* m_chanceLabel;
    bool m_accuracyShown = true;
};

} // namespace rankscope
