// ControlPanel: the main window's left-hand panel, in a vertical scroll area that fits ~360 px.
// From top to bottom: the PresetChooser; the TransportControls (Start/Pause, Step, Reset, speed cap);
// the TrainKnobs (live settings, for the run chosen in their "Run" box when comparing runs); a
// collapsible "Model & data" RunSettings section. Live knobs emit trainChanged() at once and never
// reset the run; run settings emit runSettingsChanged() only when the whole config validates
// (otherwise the message shows in red). The panel keeps no run's live settings: its owner shows them
// with showTrain(), and again when editedRunChanged() asks for another run's.
// Presentation mode keeps only the preset's combo box, SGD / GD, the three knobs, the lr·wd readout,
// the speed cap and Start/Pause, in a larger font.
// Leaves out: keyboard shortcuts (the main window binds Space, S / →, R to the same actions),
// training itself, and saving presets.
#pragma once

#include "common/run_config.h"

#include <QWidget>

class QPushButton;
class QToolButton;

namespace rankscope {

class PresetChooser;
class RunSettings;
class TrainKnobs;
class TransportControls;

class ControlPanel : public QWidget {
    Q_OBJECT

public:
    explicit ControlPanel(QWidget* parent = nullptr);

    void setConfig(const RunConfig& config); // populates everything, no signals
    RunConfig config() const;                // the edits, with the knobs' live settings

    // The runs on screen, labelled and coloured; several show the knobs' "Run" box.
    void setRuns(const QStringList& labels, const QList<QColor>& colors);
    int editedRun() const;
    void setEditedRun(int run);
    // Shows a run's live settings on the knobs if they edit that run; no signal.
    void showTrain(int run, const TrainConfig& train);

    void setRunning(bool running);
    void setPresentationMode(bool on);
    void setSpeed(double stepsPerSecond); // snaps to the nearest step of the control; 0 = unlimited
    double speed() const;                 // steps per second; 0 = unlimited

    QPushButton* startPauseButton() const;
    QPushButton* stepButton() const;
    QPushButton* resetButton() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void trainChanged(const rankscope::TrainConfig& train); // for editedRun()
    void editedRunChanged(int run);
    void runSettingsChanged(const rankscope::RunConfig& config);
    void presetChosen(const rankscope::RunConfig& config);
    void startPauseClicked();
    void stepClicked();
    void resetClicked();
    void speedChanged(double stepsPerSecond); // 0 = unlimited

private:
    QWidget* makeSettingsSection();
    void guardAgainstWheel();
    void onRunSettingsChanged();

    RunConfig m_config; // what setConfig() gave; the widgets hold the edits
    QWidget* m_content;
    PresetChooser* m_presets;
    TransportControls* m_transport;
    TrainKnobs* m_knobs;
    QWidget* m_settingsSection = nullptr;
    RunSettings* m_runSettings = nullptr;
};

} // namespace rankscope
