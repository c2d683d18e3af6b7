// NullSpacePlot: the Janus effect on layer 1 — ||W_1 P_perp||_F, the part of the first weight
// matrix that lies outside the span of the training inputs (P_perp = I - projector onto that span),
// over training time on a log scale, with the theory dashed: that part never receives a gradient,
// so only weight decay shrinks it, by (1 - lr_t wd_t) per step, ||W_1(0) P_perp||_F prod_t (1 - lr_t
// wd_t). Per epoch, SGD (N/B steps) removes it far faster than GD (1 step). When the inputs span all
// of R^d there is no null space and the plot says so, with the data sets that have one; for a CNN it
// says why the measure does not apply. Comparing
// runs (SGD against GD), each run's norm is drawn in its colour over its own dashed theory: per step
// the curves coincide, per epoch SGD's falls far faster.
#pragma once

#include "run_graphs.h"
#include "time_plot.h"

namespace rankscope {

class NullSpacePlot : public TimePlot {
    Q_OBJECT
public:
    explicit NullSpacePlot(QWidget* parent = nullptr);

    // True while the "no null space" message is shown instead of curves.
    bool showsNoNullSpaceMessage() const { return m_message->visible(); }

    void showRun(const RunHistory& history, const Snapshot& latest) override;
    void clearRun() override;
    void applyTheme(const Theme& theme) override;

protected:
    void showComparison(const RunViews& runs) override;
    void setComparing(bool comparing) override;
    void fitTexts() override;

private:
    void showMessage(bool show);

    QCPGraph* m_measured;
    QCPGraph* m_theory;
    QCPItemText* m_message;
    RunGraphs m_runMeasured;
    RunGraphs m_runTheory;
};

} // namespace rankscope
