// RunSettings (run_settings.h). Spin box limits are RunConfig::validate()'s, so the form never
// clamps a valid preset: setConfig() followed by applyTo() returns the same config.
#include "controls/run_settings.h"

#include "common/data_kinds.h"
#include "controls/conv_stack_editor.h"
#include "controls/log_slider.h"
#include "controls/panel_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace rankscope {
namespace {

// The combo boxes hold each choice's enum value as an int; none chosen reads as the first (default).
template <typename Enum> Enum chosen(const QComboBox* combo) {
    return static_cast<Enum>(combo->currentData().toInt());
}

template <typename Enum> void choose(QComboBox* combo, Enum value) {
    combo->setCurrentIndex(combo->findData(static_cast<int>(value)));
}

const DataKindInfo& chosenKind(const QComboBox* combo) {
    return dataKindInfo(chosen<DataKind>(combo));
}

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font; // only bold: size and family follow the parent
    font.setBold(true);
    label->setFont(font);
    return label;
}

// data.image_shape as "1×16×16" ("" for []); typed as that, with x or commas too.
QString imageShapeText(const std::vector<int>& shape) {
    QStringList sides;
    for (int side : shape)
        sides << QString::number(side);
    return sides.join("×");
}

std::vector<int> imageShapeFromText(const QString& text) {
    std::vector<int> shape;
    for (const QString& side : text.split(QRegularExpression("[×xX,]"), Qt::SkipEmptyParts))
        shape.push_back(side.trimmed().toInt());
    return shape;
}

// The shape a kind's images have whatever data.image_shape says (IDX files: 1×28×28); none for others.
ImageShape fixedImageShape(const DataKindInfo& kind) {
    DataConfig unshaped;
    unshaped.kind = kind.value;
    return unshaped.imageShape();
}

// Synthetic images are made in data.image_shape, and a CSV file's rows may be read as images of it.
bool takesImageShape(const DataKindInfo& kind) {
    return (kind.images || kind.fromFile) && !fixedImageShape(kind).isImage();
}

QString widthsText(const std::vector<int>& hidden) {
    QStringList widths;
    for (int width : hidden)
        widths << QString::number(width);
    return widths.join(", ");
}

} // namespace

RunSettings::RunSettings(QWidget* parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_modelKind(new QComboBox(this))
    , m_convCount(
          settingSpinBox("convBlocks", 0, kMaxConvBlocks,
                         "Number of conv blocks, each nn.Conv2d → ReLU → optional nn.MaxPool2d, before\n"
                         "the dense layers; the last block's output is flattened in C-H-W order.",
                         this))
    , m_convStack(new ConvStackEditor(this))
    , m_depth(settingSpinBox(
          "depth", 0, kMaxDepth,
          "Number of hidden dense ReLU layers (nn.Linear; a CNN's come after its conv blocks).\n"
          "0 = a linear model; with MSE loss that is linear regression.",
          this))
    , m_width(settingSpinBox("width", 1, kMaxWidth,
                             "Units per hidden layer: each hidden weight matrix W_l is [width, width]\n"
                             "([out, in], as PyTorch stores it).",
                             this))
    , m_widthsNote(new QLabel(this))
    , m_residual(new QCheckBox("Residual", this))
    , m_bias(new QCheckBox("Biases", this))
    , m_kind(new QComboBox(this))
    , m_trainSize(settingSpinBox("trainSize", 1, kMaxSamples,
                                 "Training samples N; one epoch = N / B steps.\n"
                                 "IDX and CSV data: at most this many are loaded.",
                                 this))
    , m_testSize(settingSpinBox("testSize", 0, kMaxSamples,
                                "Held-out samples for the test loss and accuracy (0 = none).", this))
    , m_inputDim(settingSpinBox("inputDim", 1, kMaxDim,
                                "Input dimension d (spirals: 2, or embed them with a subspace).", this))
    , m_imageShape(new QLineEdit(this))
    , m_classes(settingSpinBox("classes", 1, kMaxClasses,
                               "Number of classes K (linear regression: number of outputs).", this))
    , m_subspace(
          settingSpinBox("subspaceDim", 0, kMaxDim,
                         "Confines the inputs to a random r-dimensional subspace (off = 0).\n"
                         "Layer 1 then keeps rank r once the part of W_1 outside it, W_perp, has decayed.",
                         this))
    , m_noise(new NumberSpinBox(false, this))
    , m_path(new QLineEdit(this))
    , m_browse(new QToolButton(this))
    , m_loss(new QComboBox(this))
    , m_seed(new QLineEdit(this))
    , m_problem(new QLabel(this)) {
    m_modelKind->setObjectName("modelKind");
    m_convStack->setObjectName("convStack");
    m_imageShape->setObjectName("imageShape");
    m_kind->setObjectName("kind");
    m_problem->setObjectName("problem");
    m_noise->setObjectName("noise");
    m_path->setObjectName("path");
    m_loss->setObjectName("loss");
    m_seed->setObjectName("seed");
    m_depth->setSpecialValueText("0 (linear)");
    m_convCount->setSpecialValueText("0 (none)");
    m_subspace->setSpecialValueText("off");
    m_widthsNote->setWordWrap(true);
    m_residual->setToolTip(
        "Skip connections between equal-width hidden layers: A_l = ReLU(W_l A_(l-1) + b_l) + "
        "A_(l-1);\na CNN's also between conv blocks of equal shape (ResNet-style). The rank result holds "
        "with them too.");
    m_modelKind->addItem("MLP (dense layers)", static_cast<int>(ModelKind::Mlp));
    m_modelKind->addItem("CNN (conv blocks, then dense)", static_cast<int>(ModelKind::Cnn));
    m_modelKind->setToolTip("MLP: ReLU dense layers (nn.Linear) on the input vectors.\n"
                            "CNN: conv blocks on the images, then the dense layers; it needs image data\n"
                            "(synthetic images, IDX files, or a CSV file with an image shape).\n"
                            "A conv layer's matrix is its kernel [out, in, k, k] reshaped to [out, in·k·k].");
    m_bias->setToolTip("A bias vector in every layer; weight decay applies to biases too.");

    for (const DataKindInfo& kind : dataKinds())
        m_kind->addItem(kind.title, static_cast<int>(kind.value));
    m_kind->setToolTip(
        "gaussian_mixture: K Gaussian clusters; teacher: labels from a random ReLU network;\n"
        "spirals: K interleaved 2-D spirals; linear_regression: a linear teacher (the Janus demo);\n"
        "idx: MNIST / Fashion-MNIST files; csv: a numeric table, class label in the last column.");
    m_noise->setRange(0, 1e6);
    m_noise->setToolTip(
        "Kind-specific noise: Gaussian mixture: cluster spread; spirals: jitter;\n"
        "linear regression: noise-to-signal ratio of the targets. Teacher and file data ignore it.");
    m_imageShape->setValidator(new QRegularExpressionValidator(
        QRegularExpression(R"(\s*(\d{1,7}\s*[×xX,]\s*\d{1,7}\s*[×xX,]\s*\d{1,7}\s*)?)"), m_imageShape));
    m_imageShape->setToolTip(
        "Channels × height × width of each image (data.image_shape), as a CNN sees it.\n"
        "Synthetic images are made this size; a CSV row holds C·H·W values in C-H-W order\n"
        "(empty: plain vectors). IDX images are 1×28×28.");
    m_path->setToolTip(
        "IDX: the folder with train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-...\n"
        "(Debian's package dataset-fashion-mnist installs /usr/share/datasets/fashion-mnist).\n"
        "CSV: comma-separated numbers, the class label 0..K-1 in the last column.");
    m_browse->setText("…");
    m_browse->setToolTip("Choose the IDX folder or the CSV file");
    m_loss->addItem("Cross-entropy", static_cast<int>(LossKind::CrossEntropy));
    m_loss->addItem("MSE", static_cast<int>(LossKind::Mse));
    m_loss->setToolTip("cross_entropy = nn.CrossEntropyLoss (mean over the batch);\n"
                       "mse = nn.MSELoss (mean over samples and outputs; one-hot targets for classes).");
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(R"(\d{1,20})"), m_seed));
    m_seed->setToolTip(
        "Seeds the data, the initial weights and the batch order: the same seed replays the run.");
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    QPalette red; // a palette, not a style sheet, so the label keeps following its parent's font
    red.setColor(QPalette::WindowText, QColor(0xc0, 0, 0));
    m_problem->setPalette(red);
    m_problem->hide();

    auto* note = new QLabel("Changing these restarts the run.", this);
    QFont italic;
    italic.setItalic(true);
    note->setFont(italic);
    auto* checks = new QHBoxLayout;
    checks->addWidget(m_residual);
    checks->addWidget(m_bias);
    checks->addStretch();
    auto* file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(m_browse);

    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(heading("Model", this));
    m_form->addRow("Network", m_modelKind);
    m_form->addRow("Conv blocks", m_convCount);
    m_form->addRow(m_convStack);
    m_form->addRow("Hidden layers", m_depth);
    m_form->addRow("Width", m_width);
    m_form->addRow(m_widthsNote);
    m_form->addRow(checks);
    m_form->addRow(heading("Data", this));
    m_form->addRow("Kind", m_kind);
    m_form->addRow("Train samples", m_trainSize);
    m_form->addRow("Test samples", m_testSize);
    m_form->addRow("Input dim", m_inputDim);
    m_form->addRow("Image C×H×W", m_imageShape);
    m_form->addRow("Classes", m_classes);
    m_form->addRow("Subspace dim", m_subspace);
    m_form->addRow("Noise", m_noise);
    m_form->addRow("File", file);
    m_form->addRow(heading("Objective", this));
    m_form->addRow("Loss", m_loss);
    m_form->addRow("Seed", m_seed);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(note);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);

    for (QSpinBox* box : {m_trainSize, m_testSize, m_inputDim, m_classes, m_subspace})
        connect(box, &QSpinBox::valueChanged, this, &RunSettings::commitIfChanged);
    connect(m_depth, &QSpinBox::valueChanged, this, &RunSettings::onShapeEdited);
    connect(m_width, &QSpinBox::valueChanged, this, &RunSettings::onShapeEdited);
    connect(m_noise, &QDoubleSpinBox::valueChanged, this, &RunSettings::commitIfChanged);
    connect(m_residual, &QCheckBox::toggled, this, &RunSettings::commitIfChanged);
    connect(m_bias, &QCheckBox::toggled, this, &RunSettings::commitIfChanged);
    connect(m_kind, &QComboBox::activated, this, &RunSettings::onKindChosen);
    connect(m_modelKind, &QComboBox::activated, this, &RunSettings::onModelKindChosen);
    connect(m_convCount, &QSpinBox::valueChanged, this, &RunSettings::onConvCountEdited);
    connect(m_convStack, &ConvStackEditor::edited, this, &RunSettings::commitIfChanged);
    connect(m_imageShape, &QLineEdit::editingFinished, this, &RunSettings::commitIfChanged);
    connect(m_loss, &QComboBox::activated, this, &RunSettings::commitIfChanged);
    connect(m_path, &QLineEdit::editingFinished, this, &RunSettings::commitIfChanged);
    connect(m_seed, &QLineEdit::editingFinished, this, &RunSettings::commitIfChanged);
    connect(m_browse, &QToolButton::clicked, this, &RunSettings::browseForData);
    setConfig(RunConfig());
}

void RunSettings::setConfig(const RunConfig& config) {
    m_populating = true;
    m_committed = config;
    m_hidden = config.model.hidden;
    choose(m_modelKind, config.model.kind);
    m_convStack->setBlocks(config.model.conv);
    m_convCount->setValue(static_cast<int>(config.model.conv.size()));
    m_depth->setValue(static_cast<int>(m_hidden.size()));
    m_width->setValue(m_hidden.empty() ? m_width->value() : m_hidden.front());
    m_residual->setChecked(config.model.residual);
    m_bias->setChecked(config.model.bias);
    choose(m_kind, config.data.kind);
    m_trainSize->setValue(config.data.train_size);
    m_testSize->setValue(config.data.test_size);
    m_inputDim->setValue(config.data.input_dim);
    m_imageShape->setText(imageShapeText(config.data.image_shape));
    m_classes->setValue(config.data.classes);
    m_subspace->setValue(config.data.subspace_dim);
    m_noise->setValue(config.data.noise);
    m_path->setText(config.data.path);
    choose(m_loss, config.loss);
    m_seed->setText(QString::number(config.seed));
    m_populating = false;
    updateEnabled();
}

RunConfig RunSettings::applyTo(RunConfig config) const {
    config.model.kind = chosen<ModelKind>(m_modelKind);
    config.model.conv = m_convStack->blocks();
    config.model.hidden = m_hidden;
    config.model.residual = m_residual->isChecked();
    config.model.bias = m_bias->isChecked();
    config.data.kind = chosen<DataKind>(m_kind);
    config.data.train_size = m_trainSize->value();
    config.data.test_size = m_testSize->value();
    config.data.input_dim = m_inputDim->value();
    config.data.image_shape = imageShapeFromText(m_imageShape->text());
    config.data.classes = m_classes->value();
    config.data.subspace_dim = m_subspace->value();
    config.data.noise = m_noise->value();
    config.data.path = m_path->text();
    config.loss = chosen<LossKind>(m_loss);
    bool ok = false;
    const std::uint64_t seed = m_seed->text().toULongLong(&ok);
    config.seed = ok ? seed : m_committed.seed; // more than 2^64 - 1: keep the last valid seed
    return config;
}

void RunSettings::showProblem(const QString& message) {
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

// A kind brings its natural loss (MSE for regression, cross-entropy otherwise); spirals are 2-D;
// synthetic images need a shape. Other kinds start without the last kind's shape: it would not fit
// a CSV file's rows, and a disabled field must not keep a value that validation refuses.
void RunSettings::onKindChosen() {
    const DataKindInfo& kind = chosenKind(m_kind);
    choose(m_loss, kind.regression ? LossKind::Mse : LossKind::CrossEntropy);
    if (kind.inputDim > 0 && m_subspace->value() == 0) {
        m_populating = true; // one change, one commit below
        m_inputDim->setValue(kind.inputDim);
        m_populating = false;
    }
    if (!kind.images)
        m_imageShape->clear();
    else if (m_imageShape->text().isEmpty())
        m_imageShape->setText(imageShapeText(kSuggestedImageShape));
    commitIfChanged();
}

// A CNN chosen without conv blocks (an MLP preset's model.conv = []) starts from the default blocks.
void RunSettings::onModelKindChosen() {
    if (chosen<ModelKind>(m_modelKind) == ModelKind::Cnn && m_convStack->blocks().empty()) {
        m_populating = true;
        m_convStack->setBlocks(ModelConfig().conv);
        m_convCount->setValue(static_cast<int>(m_convStack->blocks().size()));
        m_populating = false;
    }
    commitIfChanged();
}

void RunSettings::onConvCountEdited() {
    if (m_populating)
        return;
    m_convStack->setBlockCount(m_convCount->value());
    commitIfChanged();
}

// Editing depth or width makes the hidden stack uniform (depth x width).
void RunSettings::onShapeEdited() {
    if (m_populating)
        return;
    m_hidden.assign(m_depth->value(), m_width->value());
    commitIfChanged();
}

void RunSettings::browseForData() {
    const QString start = m_path->text().isEmpty() ? QString() : QFileInfo(m_path->text()).absolutePath();
    const QString chosen =
        chosenKind(m_kind).pathIsFolder
            ? QFileDialog::getExistingDirectory(this, "Folder with the IDX files", m_path->text())
            : QFileDialog::getOpenFileName(this, "CSV data file", start, "CSV files (*.csv);;All files (*)");
    if (chosen.isEmpty())
        return;
    m_path->setText(chosen);
    commitIfChanged();
}

void RunSettings::updateEnabled() {
    const DataKindInfo& kind = chosenKind(m_kind);
    const bool file = kind.fromFile;
    const bool cnn = chosen<ModelKind>(m_modelKind) == ModelKind::Cnn;
    m_form->setRowVisible(m_convCount, cnn);
    m_form->setRowVisible(m_convStack, cnn);
    m_width->setEnabled(m_depth->value() > 0);
    m_residual->setEnabled(m_depth->value() > 1 || (cnn && m_convStack->blocks().size() > 1));
    const bool uniform = m_hidden.empty() || m_hidden == std::vector<int>(m_hidden.size(), m_hidden.front());
    m_widthsNote->setText(
        uniform ? QString()
                : QString("Widths %1; editing depth or width makes them equal.").arg(widthsText(m_hidden)));
    m_widthsNote->setVisible(!uniform);
    m_inputDim->setEnabled(!file && !kind.images);
    const ImageShape fixed = fixedImageShape(kind);
    m_imageShape->setEnabled(takesImageShape(kind));
    m_imageShape->setPlaceholderText(
        fixed.isImage() ? imageShapeText({fixed.channels, fixed.height, fixed.width}) : QString());
    m_classes->setEnabled(!file);
    m_noise->setEnabled(kind.usesNoise);
    m_path->setEnabled(file);
    m_browse->setEnabled(file);
    m_path->setPlaceholderText(file ? QString(kind.path) : QString());
    m_loss->setEnabled(!kind.regression);
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_classes)))
        label->setText(kind.regression ? "Outputs" : "Classes");
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_depth)))
        label->setText(cnn ? "Dense layers" : "Hidden layers");
}

void RunSettings::commitIfChanged() {
    if (m_populating)
        return;
    updateEnabled();
    const RunConfig next = applyTo(m_committed);
    if (next == m_committed)
        return;
    m_committed = next;
    emit changed();
}

} // namespace rankscope
