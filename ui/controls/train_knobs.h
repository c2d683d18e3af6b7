// TrainKnobs: the live training knobs — SGD / full-batch GD, batch size, learning rate and weight
// decay (LogSliders), the lr·wd readout, momentum. Each knob is bound to its row of the live
// settings' table (common/train_settings.h), so showing and reading the settings walk that table;
// a new setting is a row there and a widget plus one binding here. Comparing runs, a "Run" box
// chooses the run the knobs edit; the knobs keep no run's settings, the owner shows them
// (editedRunChanged() asks for them). Edits emit trainEdited() at once; showTrain() never does.
// Presentation mode keeps only SGD / GD, batch size, learning rate, weight decay and the lr·wd readout.
// Leaves out: the run's transport and presets (control_panel.h) and applying the settings.
#pragma once

#include "common/run_config.h"

#include <QGroupBox>
#include <functional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QRadioButton;

namespace rankscope {

class LogSlider;
struct TrainSetting;

class TrainKnobs : public QGroupBox {
    Q_OBJECT

public:
    explicit TrainKnobs(QWidget* parent = nullptr);

    // The runs on screen, labelled and coloured; several show the "Run" box.
    void setRuns(const QStringList& labels, const QList<QColor>& colors);
    int editedRun() const { return m_editedRun; }
    void setEditedRun(int run); // emits editedRunChanged() when the run changes

    void showTrain(const TrainConfig& train); // no signal
    TrainConfig train() const;                // as the knobs show it
    void setRankEps(double eps);              // the readout's fade time depends on it
    void setPresentationMode(bool on);

signals:
    void trainEdited(const rankscope::TrainConfig& train);
    void editedRunChanged(int run);

private:
    // A knob bound to a row of the table: how to show a value and how to read it back.
    struct Knob {
        const TrainSetting* setting;
        std::function<void(double)> show;
        std::function<double()> read;
    };
    void bind(const char* name, LogSlider* slider);
    void bind(const char* name, QDoubleSpinBox* box);
    void bind(const char* name, QRadioButton* on, QRadioButton* off);
    void onEdited();
    void updateLrWdReadout();

    std::vector<Knob> m_knobs;
    bool m_populating = false;
    int m_editedRun = 0;
    double m_rankEps = MetricsConfig{}.rank_eps;
    QList<QWidget*> m_hiddenInPresentation;

    QWidget* m_runRow = nullptr;
    QComboBox* m_runChoice = nullptr;
    LogSlider* m_batch = nullptr;
    LogSlider* m_lr = nullptr;
    LogSlider* m_wd = nullptr;
    QLabel* m_lrWd = nullptr;
    QRadioButton* m_fullBatch = nullptr;
};

} // namespace rankscope
