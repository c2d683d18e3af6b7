#include "common/conv_spec.h"

#include <QStringList>
#include <algorithm>

namespace rankscope {
namespace {

QString key(int block, const char* field) {
    return QString("model.conv[%1].%2").arg(block + 1).arg(field);
}

QString sizeText(const ImageShape& shape) {
    return QString("%1×%2").arg(shape.height).arg(shape.width);
}

// Range of one block's values, before any shape arithmetic.
QString checkValues(int index, const ConvBlockSpec& block) {
    if (block.channels < 1 || block.channels > kMaxConvChannels)
        return QString("%1 = %2: must be 1..%3")
            .arg(key(index, "channels"))
            .arg(block.channels)
            .arg(kMaxConvChannels);
    if (block.kernel < 1 || block.kernel > kMaxKernel)
        return QString("%1 = %2: must be 1..%3").arg(key(index, "kernel")).arg(block.kernel).arg(kMaxKernel);
    if (block.stride < 1 || block.stride > block.kernel)
        return QString("%1 = %2: must be 1..kernel (%3)")
            .arg(key(index, "stride"))
            .arg(block.stride)
            .arg(block.kernel);
    if (block.padding < 0 || block.padding >= block.kernel)
        return QString("%1 = %2: must be 0..kernel - 1 (%3)")
            .arg(key(index, "padding"))
            .arg(block.padding)
            .arg(block.kernel - 1);
    if (block.pool < 0 || block.pool > kMaxKernel)
        return QString("%1 = %2: must be 0..%3 (0 or 1: no pooling)")
            .arg(key(index, "pool"))
            .arg(block.pool)
            .arg(kMaxKernel);
    return {};
}

} // namespace

ImageShape convOutputShape(const ImageShape& input, const ConvBlockSpec& block) {
    auto side = [&](int size) { return (size + 2 * block.padding - block.kernel) / block.stride + 1; };
    return {block.channels, side(input.height), side(input.width)};
}

ImageShape blockOutputShape(const ImageShape& input, const ConvBlockSpec& block) {
    const ImageShape conv = convOutputShape(input, block);
    return block.pools() ? pooledShape(conv, block.pool) : conv;
}

ImageShape pooledShape(const ImageShape& conv, int pool) {
    return {conv.channels, conv.height / pool, conv.width / pool};
}

ConvMethod convMethod(const ImageShape& input, const ConvBlockSpec& block) {
    if (input.channels <= kDirectConvMaxChannels)
        return ConvMethod::Direct;
    return block.kernel == 3 && block.stride == 1 ? ConvMethod::Winograd : ConvMethod::Patches;
}

int winogradTilesPerSample(const ImageShape& input, const ConvBlockSpec& block) {
    auto tiles = [](const ImageShape& image) { return ((image.height + 1) / 2) * ((image.width + 1) / 2); };
    return std::max(tiles(input), tiles(convOutputShape(input, block)));
}

bool hasConvSkip(bool residualStack, int index, const ImageShape& input, const ConvBlockSpec& block) {
    return residualStack && index > 0 && convOutputShape(input, block) == input;
}

bool poolsBeforeRelu(const ConvBlockSpec& block, bool skip) {
    return block.pools() && !skip;
}

int patchLength(const ImageShape& input, const ConvBlockSpec& block) {
    return input.channels * block.kernel * block.kernel;
}

namespace {

// The floats per sample of the buffers a block holds for one chunk: the patches, or Winograd's two
// buffers of 16 positions of tiles with the wider side's channels (the transformed input and the
// products); none when it convolves directly.
double chunkBufferFloatsPerSample(const ImageShape& input, const ConvBlockSpec& block) {
    switch (convMethod(input, block)) {
    case ConvMethod::Direct:
        return 0;
    case ConvMethod::Winograd:
        return 2.0 * 16 * std::max(input.channels, block.channels) * winogradTilesPerSample(input, block);
    case ConvMethod::Patches:
        return static_cast<double>(patchLength(input, block)) * convOutputShape(input, block).pixels();
    }
    return 0;
}

} // namespace

int convChunkSamples(const ImageShape& input, const ConvBlockSpec& block) {
    constexpr double kChunkFloats = 128 * 1024;
    const ImageShape conv = convOutputShape(input, block);
    // A direct block's passes run over the chunk's Z instead.
    const double perSample = convMethod(input, block) == ConvMethod::Direct
                                 ? static_cast<double>(conv.pixels()) * conv.channels
                                 : chunkBufferFloatsPerSample(input, block);
    return static_cast<int>(std::max(1.0, kChunkFloats / perSample));
}

double convWorkFloats(const ImageShape& input, const ConvBlockSpec& block, bool skip, int batch) {
    const ImageShape conv = convOutputShape(input, block), output = blockOutputShape(input, block);
    double perConvPixel = conv.channels; // Z
    if (!poolsBeforeRelu(block, skip))
        perConvPixel += conv.channels * (block.pools() ? 2.0 : 1.0); // relu(Z), its gradient if pooled
    const double perOutputPixel = output.channels * (block.pools() ? 3.0 : 1.0); // dOutput, pooled, winners
    // Winograd also holds its transformed kernels V_ξ, V_σ(ξ)ᵀ and the gradients' sums N_ξ.
    const double kernels =
        convMethod(input, block) == ConvMethod::Winograd ? 3 * 16.0 * input.channels * block.channels : 0.0;
    return batch * (conv.pixels() * perConvPixel + output.pixels() * perOutputPixel) +
           chunkBufferFloatsPerSample(input, block) * std::min(batch, convChunkSamples(input, block)) +
           kernels;
}

QString checkConvStack(const ImageShape& input, const std::vector<ConvBlockSpec>& blocks) {
    if (static_cast<int>(blocks.size()) > kMaxConvBlocks)
        return QString("model.conv has %1 blocks: at most %2").arg(blocks.size()).arg(kMaxConvBlocks);
    ImageShape shape = input;
    for (int i = 0; i < static_cast<int>(blocks.size()); ++i) {
        const ConvBlockSpec& block = blocks[i];
        if (QString problem = checkValues(i, block); !problem.isEmpty())
            return problem;
        const int paddedHeight = shape.height + 2 * block.padding,
                  paddedWidth = shape.width + 2 * block.padding;
        if (block.kernel > paddedHeight || block.kernel > paddedWidth)
            return QString("%1 = %2: larger than its input, %3 padded to %4×%5")
                .arg(key(i, "kernel"))
                .arg(block.kernel)
                .arg(sizeText(shape))
                .arg(paddedHeight)
                .arg(paddedWidth);
        const ImageShape conv = convOutputShape(shape, block);
        if (block.pools() && (block.pool > conv.height || block.pool > conv.width))
            return QString("%1 = %2: leaves nothing of the %3 convolution output")
                .arg(key(i, "pool"))
                .arg(block.pool)
                .arg(sizeText(conv));
        shape = blockOutputShape(shape, block);
    }
    return {};
}

QString convLayerName(int index, int inChannels, const ConvBlockSpec& block) {
    return QString("C%1 %2→%3 %4×%4").arg(index).arg(inChannels).arg(block.channels).arg(block.kernel);
}

QString denseLayerName(int index, int in, int out) {
    return QString("D%1 %2→%3").arg(index).arg(in).arg(out);
}

QString convStackFromText(const QString& text, std::vector<ConvBlockSpec>& out) {
    QString list = text.trimmed();
    if (list.startsWith('[') && list.endsWith(']'))
        list = list.mid(1, list.size() - 2).trimmed();
    std::vector<ConvBlockSpec> blocks;
    for (const QString& item : list.isEmpty() ? QStringList() : list.split(',')) {
        const QStringList fields = item.trimmed().split(':');
        ConvBlockSpec block;
        int* const members[] = {&block.channels, &block.kernel, &block.stride, &block.padding, &block.pool};
        bool ok = fields.size() <= 5;
        for (qsizetype f = 0; ok && f < fields.size(); ++f)
            *members[f] = fields[f].trimmed().toInt(&ok);
        if (!ok)
            return QString("expected blocks channels:kernel:stride:padding:pool separated by commas, e.g. "
                           "16:3:1:1:2,32:3:1:1:2 (trailing fields optional), got \"%1\"")
                .arg(text);
        blocks.push_back(block);
    }
    out = std::move(blocks);
    return {};
}

QString convStackToText(const std::vector<ConvBlockSpec>& blocks) {
    QStringList items;
    for (const ConvBlockSpec& b : blocks)
        items << QString("%1:%2:%3:%4:%5")
                     .arg(b.channels)
                     .arg(b.kernel)
                     .arg(b.stride)
                     .arg(b.padding)
                     .arg(b.pool);
    return items.join(',');
}

} // namespace rankscope
