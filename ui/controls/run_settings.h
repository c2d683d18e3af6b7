// RunSettings: the form for the settings that restart the run when changed: the model (MLP or CNN, the
// CNN's conv blocks, hidden layers, width, residual connections, biases), the data (kind, sizes,
// dimensions, image shape, classes, subspace, noise, the IDX folder or CSV file), the loss and the
// seed. Widgets that a data kind ignores are disabled; the conv blocks show for a CNN only.
// changed() fires once per committed edit (Enter, focus out, a combo choice, a checkbox, an arrow
// step) and only when a value really changed; setConfig() never fires it.
// The form edits a uniform stack of hidden layers (depth x width); a preset's non-uniform widths are
// kept, and named in a note, until depth or width is edited.
// A CNN on data without images stays selectable: validation refuses it with the reason, as it refuses
// a conv block that does not fit its input, so the form never disagrees with presets and --set.
// Leaves out: validation (the caller runs RunConfig::validate() and passes the message to
// showProblem()) and the live training knobs (ControlPanel).
#pragma once

#include "common/run_config.h"

#include <QWidget>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace rankscope {

class ConvStackEditor;
class NumberSpinBox;

class RunSettings : public QWidget {
    Q_OBJECT

public:
    explicit RunSettings(QWidget* parent = nullptr);

    void setConfig(const RunConfig& config);   // no signals
    RunConfig applyTo(RunConfig config) const; // config with this form's fields replaced

    // Shows a validation message in red under the form; an empty message hides it.
    void showProblem(const QString& message);

signals:
    void changed();

private:
    void onKindChosen();
    void onModelKindChosen();
    void onShapeEdited();
    void onConvCountEdited();
    void browseForData();
    void updateEnabled();
    void commitIfChanged();

    RunConfig m_committed; // the config as of setConfig() or the last changed()
    std::vector<int> m_hidden;
    bool m_populating = false;

    QFormLayout* m_form;
    QComboBox* m_modelKind;
    QSpinBox* m_convCount;
    ConvStackEditor* m_convStack;
    QSpinBox* m_depth;
    QSpinBox* m_width;
    QLabel* m_widthsNote;
    QCheckBox* m_residual;
    QCheckBox* m_bias;
    QComboBox* m_kind;
    QSpinBox* m_trainSize;
    QSpinBox* m_testSize;
    QSpinBox* m_inputDim;
    QLineEdit* m_imageShape;
    QSpinBox* m_classes;
    QSpinBox* m_subspace;
    NumberSpinBox* m_noise;
    QLineEdit* m_path;
    QToolButton* m_browse;
    QComboBox* m_loss;
    QLineEdit* m_seed;
    QLabel* m_problem;
};

} // namespace rankscope
