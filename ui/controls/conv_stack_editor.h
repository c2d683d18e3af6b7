// ConvStackEditor: a CNN's conv blocks (model.conv) as a grid, one row per block, named as the plots
// name its layer (C1, C2, ...), with the block's output channels, kernel, stride, padding and pooling
// window in spin boxes whose tooltips give their PyTorch meaning (common/conv_spec.h).
// setBlockCount() removes blocks from the end or adds blocks that continue the last one with twice
// its channels (the usual 16, 32, 64 ladder). A kernel edit carries a "same" padding along: a padding
// of (kernel - 1) / 2, which keeps the image size for an odd kernel at stride 1, follows the new kernel.
// edited() fires once per committed edit (Enter, focus out, an arrow step); setBlocks() and
// setBlockCount() never fire it.
// Leaves out: whether the blocks fit the images (RunConfig::validate(); RunSettings shows its message).
#pragma once

#include "common/conv_spec.h"

#include <QWidget>
#include <array>
#include <vector>

class QGridLayout;
class QLabel;
class QSpinBox;

namespace rankscope {

class ConvStackEditor : public QWidget {
    Q_OBJECT

public:
    static constexpr int kFields = 5; // channels, kernel, stride, padding, pool

    explicit ConvStackEditor(QWidget* parent = nullptr);

    void setBlocks(const std::vector<ConvBlockSpec>& blocks);
    const std::vector<ConvBlockSpec>& blocks() const { return m_blocks; }
    void setBlockCount(int count);

signals:
    void edited();

private:
    struct Row {
        QLabel* name;
        std::array<QSpinBox*, kFields> fields;
    };

    Row makeRow(int block);
    void showBlocks();
    void onFieldEdited(int block, int field, int value);

    std::vector<ConvBlockSpec> m_blocks;
    std::vector<Row> m_rows;
    QGridLayout* m_grid;
    bool m_populating = false;
};

} // namespace rankscope
