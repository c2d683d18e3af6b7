// ExportDialog: asks where and how large to export a figure (one plot or the whole dashboard):
// pixel size, PNG scale, and the file, whose suffix chooses PNG, PDF or SVG. Remembers the last
// folder and size in QSettings.
#pragma once

#include "figure_export.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace rankscope {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedName, int columns, QWidget* parent = nullptr);

    QString path() const;
    FigureLayout layout() const;

    // Shows the dialog and exports; returns a message for the status bar (empty if cancelled).
    static QString exportInteractively(const QList<LivePlot*>& plots, int columns,
                                       const QString& suggestedName, QWidget* parent);

private:
    void browse();

    int m_columns;
    QLineEdit* m_path;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QComboBox* m_scale;
};

} // namespace rankscope
