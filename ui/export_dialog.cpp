#include "export_dialog.h"

#include "export/figure_preset.h"
#include "live_plot.h"

#include <QCheckBox>
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
    , m_preset(new QComboBox)
    , m_width(new QSpinBox)
    , m_height(new QSpinBox)
    , m_scale(new QComboBox)
    , m_theme(new QComboBox)
    , m_caption(new QCheckBox("Caption with the run's settings (B, lr, wd, momentum, data, model, step)")) {
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
    m_preset->addItem("Custom size", QString());
    for (const FigurePreset& preset : figurePresets())
        m_preset->addItem(preset.description, preset.name);
    m_preset->setToolTip("Slide presets scale text, lines and markers with the figure so that tick labels "
                         "are at least 2.5% of its height; the PNG has exactly the preset's pixels.");
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(settings.value("export/preset").toString())));
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ExportDialog::presetChosen);
    m_theme->addItem("Light", "light");
    m_theme->addItem("Talk (large, high contrast)", "talk");
    m_theme->setCurrentIndex(
        std::max(0, m_theme->findData(settings.value("export/theme", "light").toString())));
    m_caption->setChecked(settings.value("export/caption", false).toBool());
    presetChosen();

    auto* browseButton = new QPushButton("Browse…");
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    auto* form = new QFormLayout(this);
    form->addRow("File", pathRow);
    form->addRow("Size", m_preset);
    form->addRow("Width", m_width);
    form->addRow("Height", m_height);
    form->addRow("PNG scale", m_scale);
    form->addRow("Theme", m_theme);
    form->addRow(m_caption);
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

void ExportDialog::presetChosen() {
    const std::optional<FigurePreset> preset = figurePresetByName(m_preset->currentData().toString());
    for (QWidget* custom :
         {static_cast<QWidget*>(m_width), static_cast<QWidget*>(m_height), static_cast<QWidget*>(m_scale)})
        custom->setEnabled(!preset);
    if (preset) {
        m_width->setValue(preset->pixels.width());
        m_height->setValue(preset->pixels.height());
    }
}

QString ExportDialog::path() const {
    return m_path->text();
}

Theme ExportDialog::theme() const {
    return Theme::byName(m_theme->currentData().toString());
}

FigureLayout ExportDialog::layout() const {
    if (const std::optional<FigurePreset> preset = figurePresetByName(m_preset->currentData().toString()))
        return presetLayout(*preset, theme(), m_columns);
    return {QSize(m_width->value(), m_height->value()), static_cast<double>(m_scale->currentIndex() + 1),
            m_columns};
}

bool ExportDialog::wantsCaption() const {
    return m_caption->isChecked();
}

QString ExportDialog::exportInteractively(const QList<LivePlot*>& plots, int columns,
                                          const QString& suggestedName, const QString& caption,
                                          QWidget* parent) {
    ExportDialog dialog(suggestedName, columns, parent);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const FigureLayout layout = dialog.layout();
    const Theme shown = plots.isEmpty() ? Theme::light() : plots.first()->theme();
    for (LivePlot* plot : plots)
        plot->applyTheme(dialog.theme());
    const Status written =
        exportFigure(plots, layout, dialog.path(), dialog.wantsCaption() ? caption : QString());
    for (LivePlot* plot : plots)
        plot->applyTheme(shown);
    if (!written) {
        QMessageBox::warning(parent, "Export failed", written.error());
        return "Export failed: " + written.error();
    }
    QSettings settings;
    const QFileInfo file(dialog.path());
    settings.setValue("export/folder", file.absolutePath());
    settings.setValue("export/format", file.suffix().toLower());
    settings.setValue("export/preset", dialog.m_preset->currentData());
    settings.setValue("export/theme", dialog.m_theme->currentData());
    settings.setValue("export/caption", dialog.m_caption->isChecked());
    if (dialog.m_preset->currentData().toString().isEmpty()) { // a preset's scale is not a custom one
        settings.setValue("export/width", layout.size.width());
        settings.setValue("export/height", layout.size.height());
        settings.setValue("export/scale", static_cast<int>(layout.scale));
    }
    return "Exported " + QDir::toNativeSeparators(dialog.path());
}

} // namespace rankscope
