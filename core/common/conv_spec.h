// The shapes of a convolutional network's front end, shared by the settings (model.conv,
// data.image_shape), the network (nn/conv_block.h) and the measures' layer names.
//
// A conv block is PyTorch's nn.Conv2d(in, channels, kernel, stride, padding) with bias, then ReLU,
// then nn.MaxPool2d(pool) when pool >= 2 (window = stride = pool, floor mode; 0 or 1 = no pooling).
// Sizes follow PyTorch: conv output H' = floor((H + 2 padding - kernel) / stride) + 1, pooled
// H'' = floor(H' / pool); the same for W.
// Also the choices a block's computation makes from its shapes alone (which the settings' memory check
// needs). Leaves out: reading them from text or JSON (common/config_fields.h) and the arithmetic (nn/).
#pragma once

#include <QString>
#include <vector>

namespace rankscope {

// Channels x height x width of one image (a sample of the network's input or of a block's output).
struct ImageShape {
    int channels = 0;
    int height = 0;
    int width = 0;

    int size() const { return channels * height * width; } // flattened in C-H-W order
    int pixels() const { return height * width; }
    bool isImage() const { return channels > 0 && height > 0 && width > 0; }
    bool operator==(const ImageShape&) const = default;
};

struct ConvBlockSpec {
    int channels = 16; // output channels
    int kernel = 3;    // square kernel side
    int stride = 1;
    int padding = 0; // zeros on every side
    int pool = 0;    // max-pooling window = stride; 0 or 1: none

    bool pools() const { return pool >= 2; }
    bool operator==(const ConvBlockSpec&) const = default;
};

// The ranges checkConvStack() accepts; the run settings form's spin boxes stop there too. Channels and
// blocks are bounded as model.hidden's widths and depth are (run_config.h: a wider layer takes minutes
// per snapshot); a kernel wider than 64 pixels is a typo on any image trained on live.
constexpr int kMaxConvChannels = 2048;
constexpr int kMaxKernel = 64;
constexpr int kMaxConvBlocks = 64;

// The length of one im2col patch, C k k: the columns of the block's weight matrix.
int patchLength(const ImageShape& input, const ConvBlockSpec& block);
// Output of the convolution alone (before pooling) and of the whole block.
ImageShape convOutputShape(const ImageShape& input, const ConvBlockSpec& block);
ImageShape blockOutputShape(const ImageShape& input, const ConvBlockSpec& block);
// The output of max pooling with window = stride = pool >= 2 over the convolution output `conv`.
ImageShape pooledShape(const ImageShape& conv, int pool);

// How a block computes follows from its shapes alone, so that the settings' memory check
// (run_config.h) counts the work buffers the blocks allocate (nn/conv_block.h):
// - an input of at most kDirectConvMaxChannels channels is convolved directly, without im2col patches;
//   a 3×3 stride-1 kernel on more goes through Winograd's F(2×2, 3×3) tiles
//   (nn/winograd_convolution.h); any other through im2col patches and a GEMM;
constexpr int kDirectConvMaxChannels = 3;
enum class ConvMethod { Direct, Winograd, Patches };
ConvMethod convMethod(const ImageShape& input, const ConvBlockSpec& block);
// - a Winograd block's buffers hold the 2×2 tiles of its output or, for the input gradient, of its
//   input, whichever are more: this many per sample;
int winogradTilesPerSample(const ImageShape& input, const ConvBlockSpec& block);
// - block `index` (from 0) of a residual stack adds its input when its output has the input's shape;
bool hasConvSkip(bool residualStack, int index, const ImageShape& input, const ConvBlockSpec& block);
// - max pooling and ReLU commute (both are monotone), so a pooled block without a skip pools Z and
//   applies the ReLU to the pooled values only: relu(Z) is never stored;
bool poolsBeforeRelu(const ConvBlockSpec& block, bool skip);
// - it goes through a batch a chunk of samples at a time, small enough that each pass over a chunk's
//   patches (direct: its Z; Winograd: its tiles) finds them in the core's cache;
int convChunkSamples(const ImageShape& input, const ConvBlockSpec& block);
// - for a batch, its work buffers hold this many floats: the patches or Winograd tiles of one chunk
//   (and Winograd's transformed kernels, 3 · 16 C O floats whatever the batch) and,
//   per sample, Z (reused for dZ), relu(Z) and, when pooled, its gradient (unless pooling comes first),
//   the pooled output, the pooling's winners and the output's gradient.
double convWorkFloats(const ImageShape& input, const ConvBlockSpec& block, bool skip, int batch);

// Empty when every block fits its input; otherwise one line naming the key, e.g.
// "model.conv[2].kernel = 5: larger than its input, 3×3 padded to 3×3". Also checks each value's
// range and the number of blocks.
QString checkConvStack(const ImageShape& input, const std::vector<ConvBlockSpec>& blocks);

// "C1 1→16 3×3" for a conv layer, "D3 1568→128" for a dense one (index counts from 1 over all layers).
QString convLayerName(int index, int inChannels, const ConvBlockSpec& block);
QString denseLayerName(int index, int in, int out);

// The text form of model.conv for --set and --sweep: blocks separated by commas, each
// channels:kernel:stride:padding:pool with trailing fields optional (defaults 3, 1, 0, 0), e.g.
// "16:3:1:1:2,32:3:1:1:2". An empty message on success.
QString convStackFromText(const QString& text, std::vector<ConvBlockSpec>& out);
QString convStackToText(const std::vector<ConvBlockSpec>& blocks);

} // namespace rankscope
