// NumPy files: .npy (format 1.0) and .npz (an uncompressed ZIP of .npy entries), readable by
// numpy.load. Arrays are little-endian '<f4' (float32) or '<i8' (int64) in C (row-major) order.
//
// Layouts (DESIGN.md "Conventions"): a weight matrix W is an Eigen column-major [out, in] and is
// written with shape [out, in] in C order (npyMatrix copies it to row-major). A dataset's x is an
// Eigen [d, N] column-major whose memory already is a row-major [N, d] (npySamples copies it as is).
// Files are written atomically (a temporary file renamed over the target), so a crash never leaves a
// truncated file under the final name; every error names the file.
// Leaves out: reading (npz_reader.h), compression and big-endian hosts.
#pragma once

#include "common/result.h"

#include <Eigen/Core>
#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace rankscope {

struct NpyArray {
    enum class Type { Float32, Int64 };

    QString name; // the .npz entry name without ".npy", e.g. "W1"
    Type type = Type::Float32;
    std::vector<qint64> shape; // C order; {} is a scalar
    QByteArray data;           // product(shape) little-endian elements in C order

    qint64 elementCount() const;
    int itemSize() const { return type == Type::Float32 ? 4 : 8; }
};

// Matrix [rows, cols] in C order, e.g. W as [out, in].
NpyArray npyMatrix(const QString& name, const Eigen::MatrixXf& matrix);
// Samples stored as Eigen columns, [d, N] -> [N, d] (inputs x, regression targets).
NpyArray npySamples(const QString& name, const Eigen::MatrixXf& columns);
// The same array with another shape of as many elements: a conv layer's W [out, in k k] in C order
// is its kernel [out, in, k, k]; images stored as [N, C H W] are [N, C, H, W].
NpyArray reshaped(NpyArray array, std::vector<qint64> shape);
// Vector [n], e.g. a bias.
NpyArray npyVector(const QString& name, const Eigen::VectorXf& vector);
// Class labels [N] as int64 (numpy's default integer).
NpyArray npyLabels(const QString& name, const std::vector<std::int32_t>& labels);

// The .npy header (magic, version, length, dict, padding to 64 bytes incl. '\n'); data follows it.
QByteArray npyHeader(const NpyArray& array);

Status writeNpy(const QString& path, const NpyArray& array);
// Entries "<name>.npy" in the given order (at least one); names must be distinct and non-empty.
Status writeNpz(const QString& path, const std::vector<NpyArray>& arrays);

} // namespace rankscope
