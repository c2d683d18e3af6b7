#include "presentation/stage_actions.h"

#include <QAction>
#include <QMenu>
#include <QWidget>

namespace rankscope {

StageActions::StageActions(QWidget* window, std::function<TrainConfig()> liveTrain,
                           std::function<double()> presetWeightDecay)
    : QObject(window)
    , m_window(window)
    , m_menu(new QMenu("&Stage", window))
    , m_liveTrain(std::move(liveTrain))
    , m_presetWeightDecay(std::move(presetWeightDecay)) {
    connect(
        addAction("Weight decay off / on", Qt::Key_W,
                  "Switches weight decay to 0 and back to the value it had: watch the rank stop falling."),
        &QAction::triggered, this,
        [this] { emit trainRequested(m_weightDecay.toggled(m_liveTrain(), m_presetWeightDecay())); });
    connect(addAction("Larger batch", Qt::Key_B, "Next batch size of 2, 8, 32, 128, 512 (then back to 2)."),
            &QAction::triggered, this, [this] { emit trainRequested(nextBatchSize(m_liveTrain(), +1)); });
    connect(addAction("Smaller batch", QKeySequence(Qt::SHIFT | Qt::Key_B), "Previous batch size."),
            &QAction::triggered, this, [this] { emit trainRequested(nextBatchSize(m_liveTrain(), -1)); });
    connect(addAction("SGD / full-batch GD", Qt::Key_G, "Switches between mini-batch SGD and full-batch GD."),
            &QAction::triggered, this, [this] {
                TrainConfig train = m_liveTrain();
                train.full_batch = !train.full_batch;
                emit trainRequested(train);
            });
    m_menu->addSeparator();
    connect(addAction("Time axis: steps / epochs", Qt::Key_T, "Switches every time plot's axis."),
            &QAction::triggered, this, &StageActions::timeAxisToggleRequested);
    connect(
        addAction("Noise: update / gradient", Qt::Key_N,
                  "Switches the noise plot between the update noise of each layer and the gradient noise."),
        &QAction::triggered, this, &StageActions::noiseViewToggleRequested);
    connect(addAction("Zoom panel / back", Qt::Key_Z,
                      "Shows the panel under the mouse (else the rank plot) on the whole dashboard, and "
                      "back. A double-click on a panel does the same."),
            &QAction::triggered, this, &StageActions::zoomRequested);
    m_readout = addAction("Audience readout", Qt::Key_A, "B, lr, wd and the step in large type.");
    m_readout->setCheckable(true);
    connect(m_readout, &QAction::toggled, this, &StageActions::readoutToggled);
}

QAction* StageActions::addAction(const QString& text, const QKeySequence& key, const QString& tip) {
    QAction* action = m_menu->addAction(text);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    m_window->addAction(action); // the shortcut lives while the menu bar is hidden
    return action;
}

} // namespace rankscope
