// ExportDialog: asks where and how large to export a figure (one plot or the whole dashboard): a
// slide or paper preset (export/figure_preset.h) or a custom pixel size and PNG scale, the theme, an
// optional caption with the run's settings, and the file, whose suffix chooses PNG, PDF or SVG.
// Remembers the last choices in QSettings.
#pragma once

#include "figure_export.h"
#include "theme.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace rankscope {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedName, int columns, QWidget* parent = nullptr);

    QString path() const;
    Theme theme() const;
    // The chosen preset's layout in the chosen theme, or the custom size.
    FigureLayout layout() const;
    bool wantsCaption() const;

    // Shows the dialog and exports in the chosen theme (the plots get their own back afterwards);
    // returns a message for the status bar (empty if cancelled).
    static QString exportInteractively(const QList<LivePlot*>& plots, int columns,
                                       const QString& suggestedName, const QString& caption, QWidget* parent);

private:
    void browse();
    void presetChosen();

    int m_columns;
    QLineEdit* m_path;
    QComboBox* m_preset;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QComboBox* m_scale;
    QComboBox* m_theme;
    QCheckBox* m_caption;
};

} // namespace rankscope
