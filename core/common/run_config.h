// RunConfig: the one configuration struct of a run (STYLE.md #5). Presets, the command line's
// --set, the GUI's control panel and the trainer all read and write it. In-class defaults are the
// preset schema's defaults (DESIGN.md "Preset schema"); validate() checks every value and names
// the offending key by its dotted path, e.g. "train.batch_size". The kind settings are enums, read
// from their names (common/named_choices.h, common/data_kinds.h), so they hold no unknown value.
#pragma once

#include "common/conv_spec.h"
#include "common/data_kinds.h"
#include "common/lecture_config.h"
#include "common/named_choices.h"

#include <QString>
#include <cstdint>
#include <utility>
#include <vector>

namespace rankscope {

struct DataConfig {
    DataKind kind = DataKind::GaussianMixture;
    int train_size = 4096;
    int test_size = 1024;
    int input_dim = 64;
    int classes = 10;             // number of classes; for regression kinds: number of outputs
    int subspace_dim = 0;         // > 0: inputs confined to a random subspace of this dimension
    double noise = 1.0;           // kind-specific noise level (cluster spread, label noise, ...)
    QString path;                 // idx: folder of the IDX files; csv: the CSV file
    std::vector<int> image_shape; // [C, H, W] of images (csv, images); [] = plain vectors; idx: 1x28x28

    // The images' shape: IDX files hold 1 x 28 x 28 (checked when read), others say data.image_shape.
    ImageShape imageShape() const;

    bool operator==(const DataConfig&) const = default;
};

// The shape a data.kind = "images" set takes when none is given, e.g. on choosing that kind in the
// window (the images-cnn preset's: small enough to train a CNN at hundreds of steps per second).
inline const std::vector<int> kSuggestedImageShape = {1, 16, 16};

struct ModelConfig {
    ModelKind kind = ModelKind::Mlp;
    std::vector<int> hidden = {128, 128, 128, 128}; // [] = linear model
    bool residual = false;                          // skip connections between equal-width hidden layers
    bool bias = true;
    // kind = cnn: these blocks, then the dense layers `hidden` (common/conv_spec.h)
    std::vector<ConvBlockSpec> conv = {{16, 3, 1, 1, 2}, {32, 3, 1, 1, 2}};

    bool operator==(const ModelConfig&) const = default;
};

struct TrainConfig {
    int batch_size = 8;
    double lr = 0.1;
    double weight_decay = 0.005; // PyTorch convention: W <- W - lr (grad + wd W); paper's lambda = wd / 2
    double momentum = 0.0;
    bool full_batch = false; // full-batch gradient descent: batch = whole training set

    bool operator==(const TrainConfig&) const = default;
};

struct MetricsConfig {
    double rank_eps = 1e-3;
    RankNorm rank_norm = RankNorm::Spectral; // spectral: s_i / s_1 > eps; frobenius: s_i / ||W||_F > eps
    int every_steps = 50;                    // headless CSV row interval
    int gradient_noise_every = 500;          // steps between gradient-noise measurements (0 = never)
    double update_noise_ema = 0.99;          // smoothing factor of the displayed update noise

    bool operator==(const MetricsConfig&) const = default;
};

// One run of a side-by-side comparison (at most kMaxComparisonRuns): the base configuration with a
// few train.* or metrics.* keys set differently, as dotted keys and values in --set's text form.
// Data, model and seed are never varied, so every run starts from the same data and initial weights.
struct RunVariant {
    QString label; // the legend text; empty: made from the settings, e.g. "B = 4" (common/comparison.h)
    std::vector<std::pair<QString, QString>> settings;

    bool operator==(const RunVariant&) const = default;
};

constexpr int kMaxComparisonRuns = 4;

// Limits that keep a run on a laptop; beyond them a value is a typo, not an experiment. validate()
// refuses them and the GUI's spin boxes stop at them.
constexpr int kMaxSamples = 10'000'000;
constexpr int kMaxDim = 1'000'000;
// The singular values of every layer are recomputed for each snapshot, at O(width^3): beyond this
// width one snapshot takes minutes on a laptop.
constexpr int kMaxWidth = 2048;
constexpr int kMaxDepth = 64;
// Forward and backward passes take at most this many samples at once; bigger batches accumulate
// chunks (nn/trainer.h). A network's work buffers are sized for a chunk.
constexpr int kMaxChunk = 512;

struct RunConfig {
    QString name = "Custom";
    QString description;
    std::uint64_t seed = 1;
    DataConfig data;
    ModelConfig model;
    LossKind loss = LossKind::CrossEntropy;
    TrainConfig train;
    MetricsConfig metrics;
    std::vector<RunVariant> compare; // empty: one run; else one run per variant, side by side
    LectureConfig lecture;           // pace and view for a class; never changes what is trained

    // Empty when every value is valid; otherwise one line naming the key and the problem.
    QString validate() const;

    // Weights and biases of the network for `inputDim` inputs, shaped `image` for a CNN, and `outputs`
    // outputs (double: may exceed int).
    double parameterCount(int inputDim, int outputs, const ImageShape& image = {}) const;
    // Empty when the model fits the memory budget for these dimensions; otherwise one line naming
    // model.hidden. validate() calls it for generated data; data_factory.h once a file's size is known.
    QString checkSize(int inputDim, int outputs, const ImageShape& image = {}) const;
    // Empty when the CNN's blocks fit images of this shape (or the model is an MLP); otherwise one
    // line naming the key. validate() calls it with the shape data.* promise (a file's too);
    // data_factory.h again with the inputs a file really holds.
    QString checkImageModel(int inputDim, const ImageShape& image) const;

    bool operator==(const RunConfig&) const = default;
};

} // namespace rankscope
