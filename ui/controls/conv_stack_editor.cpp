// ConvStackEditor (conv_stack_editor.h). Spin box limits are checkConvStack()'s value ranges, so a
// valid preset's blocks show unchanged; stride and padding limits that depend on the kernel are left to
// validation, which names the key, rather than clamped silently.
#include "controls/conv_stack_editor.h"

#include "common/run_config.h"
#include "controls/panel_style.h"

#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <algorithm>
#include <array>

namespace rankscope {
namespace {

struct Field {
    int ConvBlockSpec::*member;
    const char* key;    // model.conv[i].<key>
    const char* header; // the column's title
    int min;
    int max;
    const char* toolTip;
};

constexpr int kKernelField = 1;
constexpr int kPaddingField = 3;
constexpr int kPoolField = 4;

const std::array<Field, ConvStackEditor::kFields> kFieldTable = {{
    {&ConvBlockSpec::channels, "channels", "Channels", 1, kMaxConvChannels,
     "Output channels of nn.Conv2d(in, channels, kernel, stride, padding), with a bias.\n"
     "Its matrix is the weight [channels, in, k, k] reshaped to [channels, in·k·k]."},
    {&ConvBlockSpec::kernel, "kernel", "Kernel", 1, kMaxKernel,
     "Side k of the square kernel (kernel_size = k).\n"
     "It must fit the block's input plus its padding."},
    {&ConvBlockSpec::stride, "stride", "Stride", 1, kMaxKernel,
     "Step of the kernel (stride, 1..k).\n"
     "Output side = floor((side + 2·padding − k) / stride) + 1."},
    {&ConvBlockSpec::padding, "padding", "Pad", 0, kMaxKernel - 1,
     "Zeros added on every side (padding, 0..k − 1).\n"
     "(k − 1) / 2 keeps the image size for an odd k at stride 1, and follows kernel edits."},
    {&ConvBlockSpec::pool, "pool", "Pool", 0, kMaxKernel,
     "nn.MaxPool2d(pool) after the ReLU: window = stride = pool, floor mode (off or 1: none).\n"
     "2 halves each side; it must leave at least one pixel."},
}};

int samePadding(int kernel) {
    return (kernel - 1) / 2;
}

} // namespace

ConvStackEditor::ConvStackEditor(QWidget* parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this)) {
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(4);
    m_grid->setVerticalSpacing(2);
    for (int f = 0; f < kFields; ++f) {
        auto* header = new QLabel(kFieldTable[f].header, this);
        header->setToolTip(kFieldTable[f].toolTip);
        header->setAlignment(Qt::AlignCenter);
        m_grid->addWidget(header, 0, f + 1);
        m_grid->setColumnStretch(f + 1, f == 0 ? 4 : 3); // channels take four digits
    }
}

ConvStackEditor::Row ConvStackEditor::makeRow(int block) {
    Row row{new QLabel(QString("C%1").arg(block + 1), this), {}};
    row.name->setToolTip(
        QString("Conv block %1: Conv2d → ReLU → MaxPool2d; its layer is C%1 in the plots").arg(block + 1));
    m_grid->addWidget(row.name, block + 1, 0);
    for (int f = 0; f < kFields; ++f) {
        const Field& field = kFieldTable[f];
        QSpinBox* box = settingSpinBox(QString("conv%1.%2").arg(block + 1).arg(field.key), field.min,
                                       field.max, field.toolTip, this);
        if (f == kPoolField)
            box->setSpecialValueText("off");
        m_grid->addWidget(box, block + 1, f + 1);
        connect(box, &QSpinBox::valueChanged, this,
                [this, block, f](int value) { onFieldEdited(block, f, value); });
        row.fields[f] = box;
    }
    return row;
}

void ConvStackEditor::setBlocks(const std::vector<ConvBlockSpec>& blocks) {
    m_blocks = blocks;
    showBlocks();
}

void ConvStackEditor::setBlockCount(int count) {
    m_blocks.resize(std::min(m_blocks.size(), static_cast<std::size_t>(count)));
    while (static_cast<int>(m_blocks.size()) < count) {
        ConvBlockSpec next = m_blocks.empty() ? ModelConfig().conv.front() : m_blocks.back();
        if (!m_blocks.empty())
            next.channels = std::min(2 * next.channels, kMaxConvChannels);
        m_blocks.push_back(next);
    }
    showBlocks();
}

void ConvStackEditor::showBlocks() {
    m_populating = true;
    for (; m_rows.size() > m_blocks.size(); m_rows.pop_back()) {
        delete m_rows.back().name;
        for (QSpinBox* box : m_rows.back().fields)
            delete box;
    }
    while (m_rows.size() < m_blocks.size())
        m_rows.push_back(makeRow(static_cast<int>(m_rows.size())));
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        for (int f = 0; f < kFields; ++f)
            m_rows[i].fields[f]->setValue(m_blocks[i].*kFieldTable[f].member);
    m_populating = false;
}

void ConvStackEditor::onFieldEdited(int block, int field, int value) {
    if (m_populating)
        return;
    ConvBlockSpec& spec = m_blocks[block];
    if (field == kKernelField && spec.padding == samePadding(spec.kernel)) {
        spec.padding = samePadding(value);
        m_populating = true;
        m_rows[block].fields[kPaddingField]->setValue(spec.padding);
        m_populating = false;
    }
    spec.*kFieldTable[field].member = value;
    emit edited();
}

} // namespace rankscope
