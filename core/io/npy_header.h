// The header of a .npy array, as numpy's NEP 1 ("A Simple File Format for NumPy Arrays",
// numpy.lib.format) defines it: the magic "\x93NUMPY", a major and minor version byte, the header
// length (uint16 little-endian in version 1.0, uint32 in 2.0 and 3.0), then a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), } padded with spaces and '\n'; the data
// follows it. Reading only: the writer is npy_writer.h.
// Leaves out: structured dtypes, object arrays (they are pickles) and Fortran order, which the
// readers refuse with a message; a big-endian or integer descr parses but has no FloatType.
#pragma once

#include "common/result.h"
#include "io/tensor.h"

#include <QByteArray>
#include <QString>
#include <optional>
#include <vector>

namespace rankscope {

struct NpyHeader {
    QString descr;                 // e.g. "<f4"
    std::optional<FloatType> type; // set for "<f2", "<f4", "<f8"
    bool fortranOrder = false;
    std::vector<qint64> shape;
    qint64 dataOffset = 0; // bytes before the data: magic, version, length and the dict
};

// The number of bytes a .npy header takes, from the first kNpyPrefixSize bytes of the array.
constexpr int kNpyPrefixSize = 12;
Result<qint64> npyHeaderSize(const QByteArray& prefix, const QString& source);

// Parses a whole header (npyHeaderSize bytes). Every error starts with `source`.
Result<NpyHeader> parseNpyHeader(const QByteArray& header, const QString& source);

// One line for a descr RankScope does not decode, starting with `source`.
QString unsupportedDtypeMessage(const QString& source, const QString& descr);

} // namespace rankscope
