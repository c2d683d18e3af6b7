// Tensor: one named array read from a model file (npz or safetensors), converted to float32 in C
// (row-major) order, and the pieces the readers share: the element types they accept, shape
// arithmetic that cannot overflow, and the predicate that decides which tensors a caller wants.
// Readers parse every header but decode only the wanted tensors, so biases, counters and excluded
// embeddings cost nothing and an integer counter (e.g. BatchNorm's num_batches_tracked) in a
// checkpoint is no error unless the caller asks for it.
#pragma once

#include "common/result.h"

#include <QString>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace rankscope {

struct Tensor {
    QString name;
    std::vector<qint64> shape; // C order; {} is a scalar
    std::vector<float> values; // product(shape) values in C order
};

// Which tensors to decode, judged by name and shape before any data is read.
using TensorWanted = std::function<bool(const QString& name, const std::vector<qint64>& shape)>;

// The floating-point element types RankScope decodes, all little-endian.
enum class FloatType { Float16, BFloat16, Float32, Float64 };

int byteSize(FloatType type);

// The product of the dimensions, or nothing if one is negative or the product exceeds `limit`
// (a header claiming more elements than its file can hold is rejected before any allocation).
std::optional<qint64> elementCount(const std::vector<qint64>& shape, qint64 limit);

// `count` little-endian elements of `type` starting at `bytes`, as float32.
std::vector<float> decodeFloats(FloatType type, const char* bytes, qint64 count);

// "[3, 5]": a shape for messages.
QString shapeText(const std::vector<qint64>& shape);

// Why `source` (a PyTorch pickle: .pt, .pth, .bin, .ckpt, or a zip holding data.pkl) is not read,
// in one line, followed by the two lines that convert it to a format RankScope reads.
QString pickleRefusal(const QString& source);

} // namespace rankscope
