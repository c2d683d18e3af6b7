// Reads the tensors of a .safetensors file, the format of Hugging Face's safetensors README
// (github.com/huggingface/safetensors, "Format"): an unsigned 64-bit little-endian header length N,
// N bytes of UTF-8 JSON {"name": {"dtype": "F32", "shape": [3, 5], "data_offsets": [begin, end]},
// ..., "__metadata__": {...}}, then the byte buffer the offsets (relative to its start) point into.
// The JSON is parsed with Qt's QJsonDocument; every offset is checked against the file's size and
// the tensor's shape before a byte is read. Tensors come in natural order of their names (the JSON
// object's own order is not kept). Every error is one line naming the file and the tensor.
// Leaves out: integer and bool dtypes the caller wants (refused with the dtype; unwanted ones are
// skipped) and float8 types.
#pragma once

#include "common/result.h"
#include "io/tensor.h"

#include <QString>
#include <vector>

namespace rankscope {

Result<std::vector<Tensor>> readSafetensors(const QString& path, const TensorWanted& wanted);

// The same from `size` bytes in memory; `source` names them in messages.
Result<std::vector<Tensor>> parseSafetensors(const char* bytes, qint64 size, const QString& source,
                                             const TensorWanted& wanted);

} // namespace rankscope
