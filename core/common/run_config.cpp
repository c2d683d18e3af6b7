#include "common/run_config.h"

#include "common/data_kinds.h"

#include <QStringList>
#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

constexpr double kMaxStepSize =
    1e6; // lr and weight_decay: larger is a typo (1e5 already diverges in 3 steps)
// Size budgets: beyond them allocation fails (bad_alloc) or snapshots take minutes instead of
// training. Weights are kept in several copies (W, dW, momentum, snapshots), data once.
constexpr double kMaxParameters = 1 << 24; // ~64 MB per float32 copy; four 2048-wide layers fit
constexpr double kMaxDataValues = 5e8;     // (train_size + test_size) * input_dim floats, ~2 GB
constexpr double kMaxConvWorkBytes = 2e9;  // the conv blocks' work buffers for a chunk of kMaxChunk samples

QString outOfRange(const QString& key, double value, const QString& requirement) {
    return QString("%1 = %2: %3").arg(key).arg(value).arg(requirement);
}

QString hiddenText(const std::vector<int>& hidden) {
    QStringList widths;
    for (int width : hidden)
        widths << QString::number(width);
    return widths.join(',');
}

QString shapeText(const std::vector<int>& shape) {
    return '[' + hiddenText(shape).replace(",", ", ") + ']';
}

// data.image_shape's own values: three sides, each from 1, at most kMaxDim values in all.
QString checkImageShape(const std::vector<int>& shape) {
    if (shape.empty())
        return {};
    double values = 1;
    for (int side : shape)
        values *= side;
    if (shape.size() != 3 || *std::min_element(shape.begin(), shape.end()) < 1 || values > kMaxDim)
        return QString("data.image_shape = %1: expected [channels, height, width], each at least 1, at most "
                       "%2 values in all")
            .arg(shapeText(shape))
            .arg(kMaxDim);
    return {};
}

} // namespace

ImageShape DataConfig::imageShape() const {
    if (image_shape.size() == 3)
        return {image_shape[0], image_shape[1], image_shape[2]};
    if (kind == DataKind::Idx)
        return {1, 28, 28};
    return {};
}

QString RunConfig::checkImageModel(int inputDim, const ImageShape& image) const {
    if (model.kind != ModelKind::Cnn)
        return {};
    if (model.conv.empty())
        return "model.conv is empty: model.kind = \"cnn\" needs at least one conv block";
    if (!image.isImage())
        return "data.image_shape is empty: model.kind = \"cnn\" needs images, [channels, height, width] "
               "(data.kind = \"images\" or \"idx\" make them)";
    if (image.size() != inputDim)
        return QString("data.image_shape = %1 holds %2 values, but each sample has %3")
            .arg(shapeText(data.image_shape))
            .arg(image.size())
            .arg(inputDim);
    if (QString badStack = checkConvStack(image, model.conv); !badStack.isEmpty())
        return badStack;
    double workFloats = 0; // all blocks at once
    ImageShape shape = image;
    for (int i = 0; i < static_cast<int>(model.conv.size()); ++i) {
        const ConvBlockSpec& block = model.conv[i];
        workFloats += convWorkFloats(shape, block, hasConvSkip(model.residual, i, shape, block), kMaxChunk);
        shape = blockOutputShape(shape, block);
    }
    if (const double bytes = workFloats * sizeof(float); bytes > kMaxConvWorkBytes)
        return QString("model.conv on %1×%2×%3 images needs %4 GB of work memory for %5 samples at once: at "
                       "most %6 GB; use fewer channels, a stride or pooling")
            .arg(image.channels)
            .arg(image.height)
            .arg(image.width)
            .arg(bytes / 1e9, 0, 'f', 1)
            .arg(kMaxChunk)
            .arg(kMaxConvWorkBytes / 1e9, 0, 'f', 0);
    return {};
}

double RunConfig::parameterCount(int inputDim, int outputs, const ImageShape& image) const {
    double count = 0;
    int fanIn = inputDim;
    if (model.kind == ModelKind::Cnn && image.isImage()) {
        ImageShape shape = image;
        for (const ConvBlockSpec& block : model.conv) {
            count += static_cast<double>(shape.channels) * block.kernel * block.kernel * block.channels +
                     block.channels;
            shape = blockOutputShape(shape, block);
        }
        fanIn = shape.size();
    }
    for (int width : model.hidden) {
        count += static_cast<double>(fanIn) * width + width;
        fanIn = width;
    }
    return count + static_cast<double>(fanIn) * outputs + outputs;
}

QString RunConfig::checkSize(int inputDim, int outputs, const ImageShape& image) const {
    const double parameters = parameterCount(inputDim, outputs, image);
    if (parameters > kMaxParameters)
        return QString("model.hidden = [%1] with %2 inputs and %3 outputs has %4 parameters: at most %5 "
                       "(each snapshot's singular values would take minutes); use fewer or narrower layers")
            .arg(hiddenText(model.hidden))
            .arg(inputDim)
            .arg(outputs)
            .arg(parameters, 0, 'g', 3)
            .arg(kMaxParameters, 0, 'g', 3);
    return {};
}

QString RunConfig::validate() const {
    const DataKindInfo& kind = dataKindInfo(data.kind);
    if (const QString badShape = checkImageShape(data.image_shape); !badShape.isEmpty())
        return badShape;
    if (kind.images && data.image_shape.empty())
        return QString(
                   "data.image_shape is empty: data.kind = \"%1\" needs [channels, height, width], e.g. %2")
            .arg(kind.name, shapeText(kSuggestedImageShape));
    // The generated inputs' dimension: an images kind makes data.image_shape's, the others data.input_dim.
    const int dim = kind.images ? data.imageShape().size() : data.input_dim;
    if (!kind.fromFile) {
        if (data.train_size < 1 || data.train_size > kMaxSamples)
            return outOfRange("data.train_size", data.train_size, QString("must be 1..%1").arg(kMaxSamples));
        if (!kind.images && (data.input_dim < 1 || data.input_dim > kMaxDim))
            return outOfRange("data.input_dim", data.input_dim, QString("must be 1..%1").arg(kMaxDim));
        if (kind.inputDim > 0 && data.input_dim != kind.inputDim && data.subspace_dim == 0)
            return outOfRange(
                "data.input_dim", data.input_dim,
                QString("%1 are %2-dimensional (set it to %2)").arg(kind.name).arg(kind.inputDim));
    } else if (data.path.isEmpty()) {
        return QString("data.path is empty: data.kind = \"%1\" needs a %2").arg(kind.name, kind.path);
    }
    if (data.test_size < 0 || data.test_size > kMaxSamples)
        return outOfRange("data.test_size", data.test_size, QString("must be 0..%1").arg(kMaxSamples));
    if (!kind.fromFile && (data.classes < 1 || data.classes > kMaxClasses))
        return outOfRange("data.classes", data.classes, QString("must be 1..%1").arg(kMaxClasses));
    if (!kind.regression && loss == LossKind::CrossEntropy && !kind.fromFile && data.classes < 2)
        return outOfRange("data.classes", data.classes, "classification needs at least 2 classes");
    if (data.subspace_dim < 0 || (!kind.fromFile && data.subspace_dim > dim))
        return outOfRange("data.subspace_dim", data.subspace_dim, "must be 0 (off) or 1..data.input_dim");
    if (!std::isfinite(data.noise) || data.noise < 0)
        return outOfRange("data.noise", data.noise, "must be a finite number >= 0");
    if (!kind.fromFile && (static_cast<double>(data.train_size) + data.test_size) * dim > kMaxDataValues)
        return QString("data.train_size + data.test_size = %1 samples of data.input_dim = %2: %3 values, at "
                       "most %4 "
                       "(about 2 GB); use fewer samples or dimensions")
            .arg(static_cast<qint64>(data.train_size) + data.test_size)
            .arg(dim)
            .arg((static_cast<double>(data.train_size) + data.test_size) * dim, 0, 'g', 3)
            .arg(kMaxDataValues, 0, 'g', 3);

    if (static_cast<int>(model.hidden.size()) > kMaxDepth)
        return QString("model.hidden has %1 layers: at most %2").arg(model.hidden.size()).arg(kMaxDepth);
    for (int width : model.hidden)
        if (width < 1 || width > kMaxWidth)
            return outOfRange(
                "model.hidden", width,
                QString("every width must be 1..%1 (wider layers take minutes per snapshot)").arg(kMaxWidth));
    if (!kind.fromFile) { // file kinds: data_factory checks once the file's dimensions are known
        if (const ImageShape image = data.imageShape(); image.isImage() && image.size() != dim)
            return QString("data.image_shape = %1 holds %2 values, but data.input_dim = %3")
                .arg(shapeText(data.image_shape))
                .arg(image.size())
                .arg(dim);
        if (const QString badModel = checkImageModel(dim, data.imageShape()); !badModel.isEmpty())
            return badModel;
        if (const QString tooBig = checkSize(dim, data.classes, data.imageShape()); !tooBig.isEmpty())
            return tooBig;
    } else if (const ImageShape image = data.imageShape(); model.kind == ModelKind::Cnn) {
        // A file's images have the shape known before reading it (IDX: 1×28×28; CSV: data.image_shape),
        // so the conv blocks are checked now; data_factory.h checks the file against that shape.
        if (const QString badModel = checkImageModel(image.size(), image); !badModel.isEmpty())
            return badModel;
    }

    if (kind.regression && loss != LossKind::Mse)
        return QString("loss = \"%1\": data.kind = \"%2\" needs loss = \"%3\"")
            .arg(choiceName(loss), kind.name, choiceName(LossKind::Mse));

    if (train.batch_size < 1)
        return outOfRange("train.batch_size", train.batch_size, "must be at least 1");
    if (train.batch_size > kMaxSamples) // a batch larger than the training set uses all of it
        return outOfRange("train.batch_size", train.batch_size,
                          QString("must be at most %1").arg(kMaxSamples));
    // lr = 0 and weight_decay = 0 are experiments (nothing moves; no decay), so both run.
    if (!std::isfinite(train.lr) || train.lr < 0 || train.lr > kMaxStepSize)
        return outOfRange("train.lr", train.lr, QString("must be a number in [0, %1]").arg(kMaxStepSize));
    if (!std::isfinite(train.weight_decay) || train.weight_decay < 0 || train.weight_decay > kMaxStepSize)
        return outOfRange("train.weight_decay", train.weight_decay,
                          QString("must be a number in [0, %1]").arg(kMaxStepSize));
    if (!std::isfinite(train.momentum) || train.momentum < 0 || train.momentum >= 1)
        return outOfRange("train.momentum", train.momentum, "must be in [0, 1)");

    if (!std::isfinite(metrics.rank_eps) || metrics.rank_eps <= 0 || metrics.rank_eps >= 1)
        return outOfRange("metrics.rank_eps", metrics.rank_eps, "must be in (0, 1)");
    if (metrics.every_steps < 1)
        return outOfRange("metrics.every_steps", metrics.every_steps, "must be at least 1");
    if (metrics.gradient_noise_every < 0)
        return outOfRange("metrics.gradient_noise_every", metrics.gradient_noise_every,
                          "must be >= 0 (0 = off)");
    if (!std::isfinite(metrics.update_noise_ema) || metrics.update_noise_ema < 0 ||
        metrics.update_noise_ema >= 1)
        return outOfRange("metrics.update_noise_ema", metrics.update_noise_ema, "must be in [0, 1)");
    return lecture.validate();
}

} // namespace rankscope
