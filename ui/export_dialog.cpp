#include "export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace rankscope {

ExportDialog::ExportDialog(const QString& suggestedName, int columns, QWidget* parent)
    : QDialog(parent)
    , m_columns(columns)
    , m_path(new QLineEdit)
    , m_width(new QSpinBox)
    , m_height(new QSpinBox)
    , m_scale(new QComboBox) {
    setWindowTitle("Export figure");
    QSettings settings;
    const QString folder = settings.value("export/folder", QDir::homePath()).toString();
    m_path->setText(
        QDir(folder).filePath(suggestedName + "." + settings.value("export/format", "png").toString()));
    m_path->setToolTip("The suffix chooses the format: .png (raster), .pdf or .svg (vector, for slides).");
    for (QSpinBox* box : {m_width, m_height}) {
        box->setRange(200, 16000);
        box->setSuffix(" px");
    }
    m_width->setValue(settings.value("export/width", columns > 1 ? 1920 : 1200).toInt());
    m_height->setValue(settings.value("export/height", columns > 1 ? 1440 : 800).toInt());
    m_scale->addItems({"1x", "2x", "3x"});
    m_scale->setCurrentIndex(settings.value("export/scale", 1).toInt() - 1);
    m_scale->setToolTip(
        "PNG only: device pixels per pixel. 2x keeps lines and text sharp on a 4K projector.");

    auto* browseButton = new QPushButton("Browse…");
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    auto* form = new QFormLayout(this);
    form->addRow("File", pathRow);
    form->addRow("Width", m_width);
    form->addRow("Height", m_height);
    form->addRow("PNG scale", m_scale);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText("Export");
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void ExportDialog::browse() {
    const QString chosen = QFileDialog::getSaveFileName(this, "Export figure", m_path->text(),
                                                        "PNG image (*.png);;PDF (*.pdf);;SVG (*.svg)");
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

QString ExportDialog::path() const {
    return m_path->text();
}

FigureLayout ExportDialog::layout() const {
    return {QSize(m_width->value(), m_height->value()), static_cast<double>(m_scale->currentIndex() + 1),
            m_columns};
}

QString ExportDialog::exportInteractively(const QList<LivePlot*>& plots, int columns,
                                          const QString& suggestedName, QWidget* parent) {
    ExportDialog dialog(suggestedName, columns, parent);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const FigureLayout layout = dialog.layout();
    const Status written = exportFigure(plots, layout, dialog.path());
    if (!written) {
        QMessageBox::warning(parent, "Export failed", written.error());
        return "Export failed: " + written.error();
    }
    QSettings settings;
    const QFileInfo file(dialog.path());
    settings.setValue("export/folder", file.absolutePath());
    settings.setValue("export/format", file.suffix().toLower());
    settings.setValue("export/width", layout.size.width());
    settings.setValue("export/height", layout.size.height());
    settings.setValue("export/scale", static_cast<int>(layout.scale));
    return "Exported " + QDir::toNativeSeparators(dialog.path());
}

} // namespace rankscope
