#include "common/run_config.h"

#include "common/data_kinds.h"

#include <QStringList>
#include <cmath>

namespace rankscope {
namespace {

constexpr double kMaxStepSize =
    1e6; // lr and weight_decay: larger is a typo (1e5 already diverges in 3 steps)
// Size budgets: beyond them allocation fails (bad_alloc) or snapshots take minutes instead of
// training. Weights are kept in several copies (W, dW, momentum, snapshots), data once.
constexpr double kMaxParameters = 1 << 24; // ~64 MB per float32 copy; four 2048-wide layers fit
constexpr double kMaxDataValues = 5e8;     // (train_size + test_size) * input_dim floats, ~2 GB

QString outOfRange(const QString& key, double value, const QString& requirement) {
    return QString("%1 = %2: %3").arg(key).arg(value).arg(requirement);
}

QString hiddenText(const std::vector<int>& hidden) {
    QStringList widths;
    for (int width : hidden)
        widths << QString::number(width);
    return widths.join(',');
}

} // namespace

double RunConfig::parameterCount(int inputDim, int outputs) const {
    double count = 0;
    int fanIn = inputDim;
    for (int width : model.hidden) {
        count += static_cast<double>(fanIn) * width + width;
        fanIn = width;
    }
    return count + static_cast<double>(fanIn) * outputs + outputs;
}

QString RunConfig::checkSize(int inputDim, int outputs) const {
    const double parameters = parameterCount(inputDim, outputs);
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
    if (!kind.fromFile) {
        if (data.train_size < 1 || data.train_size > kMaxSamples)
            return outOfRange("data.train_size", data.train_size, QString("must be 1..%1").arg(kMaxSamples));
        if (data.input_dim < 1 || data.input_dim > kMaxDim)
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
    if (data.subspace_dim < 0 || (!kind.fromFile && data.subspace_dim > data.input_dim))
        return outOfRange("data.subspace_dim", data.subspace_dim, "must be 0 (off) or 1..data.input_dim");
    if (!std::isfinite(data.noise) || data.noise < 0)
        return outOfRange("data.noise", data.noise, "must be a finite number >= 0");
    if (!kind.fromFile &&
        (static_cast<double>(data.train_size) + data.test_size) * data.input_dim > kMaxDataValues)
        return QString("data.train_size + data.test_size = %1 samples of data.input_dim = %2: %3 values, at "
                       "most %4 "
                       "(about 2 GB); use fewer samples or dimensions")
            .arg(static_cast<qint64>(data.train_size) + data.test_size)
            .arg(data.input_dim)
            .arg((static_cast<double>(data.train_size) + data.test_size) * data.input_dim, 0, 'g', 3)
            .arg(kMaxDataValues, 0, 'g', 3);

    if (static_cast<int>(model.hidden.size()) > kMaxDepth)
        return QString("model.hidden has %1 layers: at most %2").arg(model.hidden.size()).arg(kMaxDepth);
    for (int width : model.hidden)
        if (width < 1 || width > kMaxWidth)
            return outOfRange(
                "model.hidden", width,
                QString("every width must be 1..%1 (wider layers take minutes per snapshot)").arg(kMaxWidth));
    if (!kind.fromFile)
        if (const QString tooBig = checkSize(data.input_dim, data.classes); !tooBig.isEmpty())
            return tooBig; // file kinds: data_factory checks once the file's dimensions are known

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
