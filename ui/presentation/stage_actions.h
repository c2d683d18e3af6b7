// StageActions: the keys a lecturer uses in front of the class, in a "Stage" menu and bound to the
// window itself, so they work in presentation mode with the menu bar hidden:
//   W  weight decay off / back on          B, Shift+B  next larger / smaller batch size
//   G  SGD / full-batch GD                 T           time axis: steps / epochs
//   N  noise plot: update / gradient noise
//   Z  zoom the panel under the mouse (or the rank plot) / back     A  the audience readout
// The knob moves (KnobMoves) act on the live settings the window gives them and ask for the new
// settings with trainRequested(); the rest only emit, the window does the work.
#pragma once

#include "common/run_config.h"
#include "presentation/knob_moves.h"

#include <QObject>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace rankscope {

class StageActions : public QObject {
    Q_OBJECT
public:
    // Adds the actions to `window` (window-wide shortcuts); `liveTrain` gives the settings of the run
    // the knobs edit, `presetWeightDecay` the weight decay W restores when it never saw one.
    StageActions(QWidget* window, std::function<TrainConfig()> liveTrain,
                 std::function<double()> presetWeightDecay);

    QMenu* menu() const { return m_menu; }
    QAction* readoutAction() const { return m_readout; }

signals:
    void trainRequested(const rankscope::TrainConfig& train);
    void timeAxisToggleRequested();
    void noiseViewToggleRequested();
    void zoomRequested();
    void readoutToggled(bool shown);

private:
    QAction* addAction(const QString& text, const QKeySequence& key, const QString& tip);

    QWidget* m_window;
    QMenu* m_menu;
    QAction* m_readout;
    std::function<TrainConfig()> m_liveTrain;
    std::function<double()> m_presetWeightDecay;
    WeightDecaySwitch m_weightDecay;
};

} // namespace rankscope
