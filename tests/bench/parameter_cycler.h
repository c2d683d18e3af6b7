// ParameterCycler: a scripted lecturer for the GUI soak (rankscope-gui-bench --change-every-ms).
// Each tick() makes one change through the real control panel, as a user would: it types a batch
// size, a learning rate or a weight decay into the knobs' spin boxes (in turn), every 10th tick
// toggles SGD / full-batch GD, every 30th presses Step, every 60th presses Reset; Step and Reset
// pause the run, so the next tick presses Start, as a lecturer would once the window shows the
// pause. Values stay in the stable range (lr·wd <= 4e-3), so the run keeps training.
// Leaves out: measuring (gui_bench.cpp does that) and run settings that rebuild the model.
#pragma once

#include "controls/control_panel.h"
#include "controls/log_slider.h"

#include <QPushButton>
#include <QRadioButton>
#include <array>

namespace rankscope {

class ParameterCycler {
public:
    explicit ParameterCycler(ControlPanel& panel)
        : m_panel(panel) {}

    void tick() {
        ++m_ticks;
        if (m_startDue) {
            m_startDue = false;
            return m_panel.startPauseButton()->click();
        }
        if (m_ticks % 60 == 0)
            return pressAndPause(m_panel.resetButton());
        if (m_ticks % 30 == 0)
            return pressAndPause(m_panel.stepButton());
        if (m_ticks % 10 == 0)
            return toggleFullBatch();
        const int turn = m_ticks / 3; // how many times this knob has turned
        switch (m_ticks % 3) {
        case 0:
            return type("batchSize", kBatchSizes[turn % kBatchSizes.size()]);
        case 1:
            return type("learningRate", kLearningRates[turn % kLearningRates.size()]);
        default:
            return type("weightDecay", kWeightDecays[turn % kWeightDecays.size()]);
        }
    }

    long changes() const { return m_ticks; }

private:
    static constexpr std::array<double, 5> kBatchSizes = {8, 32, 128, 512, 1};
    static constexpr std::array<double, 4> kLearningRates = {0.1, 0.05, 0.2, 0.01};
    static constexpr std::array<double, 4> kWeightDecays = {0.01, 0.005, 0, 0.02};

    // A committed spin box value emits the knob's change, like Enter after typing.
    void type(const char* knob, double value) {
        m_panel.findChild<LogSlider*>(knob)->findChild<NumberSpinBox*>("spinBox")->setValue(value);
    }

    void toggleFullBatch() {
        auto* fullBatch = m_panel.findChild<QRadioButton*>("fullBatch");
        if (!fullBatch->isChecked())
            return fullBatch->click();
        for (QRadioButton* button : m_panel.findChildren<QRadioButton*>())
            if (button->text() == "SGD")
                button->click();
    }

    void pressAndPause(QPushButton* button) {
        button->click();
        m_startDue = true;
    }

    ControlPanel& m_panel;
    long m_ticks = 0;
    bool m_startDue = false; // Step or Reset paused the run on the previous tick
};

} // namespace rankscope
