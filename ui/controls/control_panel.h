// ControlPanel: the main window's left-hand panel, in a vertical scroll area that fits ~360 px.
// From top to bottom: the preset chooser with the preset's description; Start/Pause, Step, Reset and
// the speed cap; the live training knobs (batch size, learning rate, weight decay as LogSliders, the
// lr·wd readout, momentum, SGD / full-batch GD); a collapsible "Model & data" RunSettings section.
// Comparing runs, a "Run" box above the knobs chooses which run they edit (editedRun()); each run
// keeps its own settings. Live knobs emit trainChanged() at once and never reset the run; run settings emit
// runSettingsChanged() only when the whole config validates (otherwise the message shows in red).
// Presentation mode keeps only the three knobs, the lr·wd readout, the speed cap and Start/Pause,
// in a larger font.
// Leaves out: keyboard shortcuts (the main window binds Space, S / →, R to the button pointers
// below; the tooltips name them), training itself, and saving presets.
#pragma once

#include "common/run_config.h"

#include <QWidget>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSlider;
class QToolButton;

namespace rankscope {

class LogSlider;
class RunSettings;

class ControlPanel : public QWidget {
    Q_OBJECT

public:
    explicit ControlPanel(QWidget* parent = nullptr);

    void setConfig(const RunConfig& config); // populates everything, no signals
    RunConfig config() const;

    // The runs on screen: labels, colours and live settings. Several show the "Run" box; the knobs
    // then show and edit the chosen run's settings.
    void setRuns(const QStringList& labels, const QList<QColor>& colors,
                 const std::vector<TrainConfig>& trains);
    int editedRun() const { return m_editedRun; }
    // A run's settings changed outside the panel (a rollback lowered lr); no signal.
    void setRunTrain(int run, const TrainConfig& train);
    void setEditedRun(int run);

    // Start/Pause text and icon; the state already shown costs nothing (no icon is reloaded).
    void setRunning(bool running);
    void setPresentationMode(bool on);
    void setSpeed(double stepsPerSecond); // snaps to the nearest step of the control; 0 = unlimited
    double speed() const;                 // steps per second; 0 = unlimited

    QPushButton* startPauseButton() const { return m_startPause; }
    QPushButton* stepButton() const { return m_step; }
    QPushButton* resetButton() const { return m_reset; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void trainChanged(const rankscope::TrainConfig& train);
    void runSettingsChanged(const rankscope::RunConfig& config);
    void presetChosen(const rankscope::RunConfig& config);
    void startPauseClicked();
    void stepClicked();
    void resetClicked();
    void speedChanged(double stepsPerSecond); // 0 = unlimited

private:
    QWidget* makePresetGroup();
    QWidget* makeRunGroup();
    QWidget* makeTrainingGroup();
    QWidget* makeSettingsSection();
    void guardAgainstWheel();
    TrainConfig trainConfig() const;
    void onPresetActivated(int index);
    void onTrainEdited();
    void showTrain(const TrainConfig& train); // the knobs, without signals
    void onRunSettingsChanged();
    void showDescription(const RunConfig& config);
    void updateLrWdReadout();
    void updateSpeedReadout();

    RunConfig m_config; // what setConfig() gave; the widgets hold the edits
    bool m_populating = false;
    std::vector<TrainConfig> m_runTrains; // per run on screen; the knobs show m_editedRun's
    int m_editedRun = 0;
    QList<QWidget*> m_hiddenInPresentation;
    QWidget* m_content = nullptr;

    QComboBox* m_preset = nullptr;
    QWidget* m_runRow = nullptr;
    QComboBox* m_runChoice = nullptr;
    QLabel* m_presetTitle = nullptr;
    QLabel* m_description = nullptr;
    QPushButton* m_startPause = nullptr;
    std::optional<bool> m_shownRunning; // what m_startPause shows
    QPushButton* m_step = nullptr;
    QPushButton* m_reset = nullptr;
    QSlider* m_speed = nullptr;
    QLabel* m_speedReadout = nullptr;
    LogSlider* m_batch = nullptr;
    LogSlider* m_lr = nullptr;
    LogSlider* m_wd = nullptr;
    QLabel* m_lrWd = nullptr;
    QDoubleSpinBox* m_momentum = nullptr;
    QRadioButton* m_sgd = nullptr;
    QRadioButton* m_fullBatch = nullptr;
    QToolButton* m_settingsToggle = nullptr;
    RunSettings* m_runSettings = nullptr;
};

} // namespace rankscope
