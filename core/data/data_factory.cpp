// Dispatch from RunConfig::data to a generator or a loader, plus the subspace (data_factory.h).
#include "data/data_factory.h"

#include "common/data_kinds.h"
#include "data/csv_reader.h"
#include "data/idx_reader.h"
#include "data/synthetic_data.h"
#include "data/synthetic_images.h"

#include <algorithm>

namespace rankscope {
namespace {

Result<DataSplit> fail(const QString& message) {
    return Result<DataSplit>::failure(message);
}

// What validate() lets through but a generator cannot make.
QString checkSynthetic(const DataConfig& data, int dim) {
    const DataKindInfo& kind = dataKindInfo(data.kind);
    if (!kind.regression && data.classes < 2)
        return QString("data.classes = %1: data.kind = \"%2\" classifies, so it needs at least 2 classes")
            .arg(data.classes)
            .arg(kind.name);
    if (kind.images && data.subspace_dim > 0)
        return QString("data.subspace_dim = %1: data.kind = \"%2\" makes images; set it to 0")
            .arg(data.subspace_dim)
            .arg(kind.name);
    if (kind.inputDim > 0 && dim != kind.inputDim)
        return QString("data.subspace_dim = %1: %2 are %3-dimensional; set it to %3 to embed them in "
                       "data.input_dim = %4, or to 0 with data.input_dim = %3")
            .arg(data.subspace_dim)
            .arg(kind.name)
            .arg(kind.inputDim)
            .arg(data.input_dim);
    return {};
}

Result<DataSplit> makeSynthetic(const RunConfig& config) {
    const DataConfig& data = config.data;
    const int dim = data.subspace_dim > 0            ? data.subspace_dim
                    : dataKindInfo(data.kind).images ? data.imageShape().size()
                                                     : data.input_dim;
    if (QString problem = checkSynthetic(data, dim); !problem.isEmpty())
        return fail(problem);
    const SyntheticSpec spec{data.train_size, data.test_size, dim, data.classes, data.noise, config.seed};
    DataSplit split = data.kind == DataKind::GaussianMixture ? gaussianMixture(spec)
                      : data.kind == DataKind::Teacher       ? teacherNetwork(spec)
                      : data.kind == DataKind::Spirals       ? spirals(spec)
                      : data.kind == DataKind::Images        ? orientedBars(spec, data.imageShape())
                                                             : linearRegression(spec);
    if (data.subspace_dim > 0)
        embedInSubspace(split, randomSubspaceBasis(data.input_dim, data.subspace_dim, config.seed));
    if (data.subspace_dim == 0)
        split.train.image = split.test.image = data.imageShape();
    return split;
}

// x <- Q (Q^T x) for train and test (data_factory.h).
QString projectOntoSubspace(DataSplit& split, const RunConfig& config) {
    const int d = split.train.inputDim(), r = config.data.subspace_dim;
    if (r > d)
        return QString("data.subspace_dim = %1 exceeds the input dimension %2 of %3")
            .arg(r)
            .arg(d)
            .arg(config.data.path);
    const Eigen::MatrixXf Q = randomSubspaceBasis(d, r, config.seed);
    for (Dataset* set : {&split.train, &split.test})
        set->x = Q * (Q.transpose() * set->x);
    return {};
}

// What a file can hold that validate() cannot see: one class only, or too big a first layer.
QString checkLoadedFile(const DataSplit& split, const RunConfig& config) {
    const std::vector<std::int32_t>& labels = split.train.labels;
    if (!labels.empty() &&
        std::all_of(labels.begin(), labels.end(), [&](int label) { return label == labels.front(); }))
        return QString("%1: every training label is %2; classification needs at least 2 different classes")
            .arg(config.data.path)
            .arg(labels.front());
    const ImageShape& image = split.train.image;
    if (QString badModel = config.checkImageModel(split.train.inputDim(), image); !badModel.isEmpty())
        return config.data.path + ": " + badModel;
    if (QString tooBig = config.checkSize(split.train.inputDim(), split.train.outputDim(), image);
        !tooBig.isEmpty())
        return config.data.path + ": " + tooBig;
    return {};
}

Result<DataSplit> loadFile(const RunConfig& config) {
    const DataConfig& data = config.data;
    if (data.train_size < 1)
        return fail(QString("data.train_size = %1: must be at least 1 (it is capped at what %2 holds)")
                        .arg(data.train_size)
                        .arg(data.path));
    Result<DataSplit> split = data.kind == DataKind::Idx
                                  ? loadIdxFolder(data.path, data.train_size, data.test_size)
                                  : loadCsv(data.path, data.train_size, data.test_size);
    if (!split)
        return split;
    if (data.kind == DataKind::Csv)
        split->train.image = split->test.image = data.imageShape();
    if (QString problem = checkLoadedFile(split.value(), config); !problem.isEmpty())
        return fail(problem);
    if (data.subspace_dim > 0)
        if (QString problem = projectOntoSubspace(split.value(), config); !problem.isEmpty())
            return fail(problem);
    return split;
}

} // namespace

Result<DataSplit> makeDataSplit(const RunConfig& config) {
    if (QString problem = config.validate(); !problem.isEmpty())
        return fail(problem);
    return dataKindInfo(config.data.kind).fromFile ? loadFile(config) : makeSynthetic(config);
}

} // namespace rankscope
