#include "io/safetensors_reader.h"

#include "io/natural_order.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>
#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

using Tensors = Result<std::vector<Tensor>>;

constexpr qint64 kHeaderLimit = 100'000'000;                // the safetensors library's own limit
constexpr double kLargestExactInteger = 9007199254740992.0; // 2^53: JSON numbers are doubles

std::optional<FloatType> floatTypeOf(const QString& dtype) {
    if (dtype == "F16")
        return FloatType::Float16;
    if (dtype == "BF16")
        return FloatType::BFloat16;
    if (dtype == "F32")
        return FloatType::Float32;
    if (dtype == "F64")
        return FloatType::Float64;
    return std::nullopt;
}

// A JSON array of non-negative integers, or nothing.
std::optional<std::vector<qint64>> integers(const QJsonValue& value) {
    if (!value.isArray())
        return std::nullopt;
    std::vector<qint64> out;
    for (const QJsonValue& item : value.toArray()) {
        const double number = item.toDouble(-1);
        if (!item.isDouble() || number < 0 || number > kLargestExactInteger || std::floor(number) != number)
            return std::nullopt;
        out.push_back(qint64(number));
    }
    return out;
}

// Decodes one entry of the header if wanted; `buffer` and `bufferSize` are the data after the JSON.
Status readEntry(const QString& name, const QJsonValue& entry, const char* buffer, qint64 bufferSize,
                 const QString& source, const TensorWanted& wanted, std::vector<Tensor>& tensors) {
    const QString where = QString("%1: tensor %2").arg(source, name);
    const QJsonObject fields = entry.toObject();
    const std::optional<std::vector<qint64>> shape = integers(fields.value("shape"));
    const std::optional<std::vector<qint64>> offsets = integers(fields.value("data_offsets"));
    if (!entry.isObject() || !fields.value("dtype").isString() || !shape || !offsets || offsets->size() != 2)
        return Status::failure(
            QString("%1: expected {\"dtype\": string, \"shape\": [integers], \"data_offsets\": [begin, end]}")
                .arg(where));
    if (!wanted(name, shape.value()))
        return success();
    const QString dtype = fields.value("dtype").toString();
    const std::optional<FloatType> type = floatTypeOf(dtype);
    if (!type)
        return Status::failure(
            QString("%1: dtype %2 is not a float type RankScope reads (F16, BF16, F32, F64)")
                .arg(where, dtype));
    const qint64 begin = offsets->at(0), end = offsets->at(1);
    if (begin > end || end > bufferSize)
        return Status::failure(QString("%1: data_offsets [%2, %3] lie outside the %4 data bytes of the file")
                                   .arg(where)
                                   .arg(begin)
                                   .arg(end)
                                   .arg(bufferSize));
    const int itemSize = byteSize(*type);
    const std::optional<qint64> count = elementCount(shape.value(), (end - begin) / itemSize);
    if (!count || *count * itemSize != end - begin)
        return Status::failure(QString("%1: shape %2 of %3 does not match its %4 data bytes")
                                   .arg(where, shapeText(shape.value()), dtype)
                                   .arg(end - begin));
    tensors.push_back({name, shape.value(), decodeFloats(*type, buffer + begin, *count)});
    return success();
}

} // namespace

Tensors parseSafetensors(const char* bytes, qint64 size, const QString& source, const TensorWanted& wanted) {
    if (size < 8)
        return Tensors::failure(
            QString("%1: too short for a safetensors file (%2 bytes)").arg(source).arg(size));
    const quint64 headerLength = qFromLittleEndian<quint64>(bytes);
    if (headerLength > quint64(size - 8) || headerLength > quint64(kHeaderLimit))
        return Tensors::failure(QString("%1: safetensors header length %2 is larger than the file (%3 bytes)")
                                    .arg(source)
                                    .arg(headerLength)
                                    .arg(size));
    QJsonParseError error;
    const QJsonDocument header =
        QJsonDocument::fromJson(QByteArray::fromRawData(bytes + 8, qsizetype(headerLength)), &error);
    if (error.error != QJsonParseError::NoError || !header.isObject())
        return Tensors::failure(QString("%1: the safetensors header is not a JSON object (%2 at byte %3)")
                                    .arg(source, error.errorString())
                                    .arg(8 + error.offset));
    const QJsonObject entries = header.object();
    QStringList names = entries.keys();
    names.removeAll("__metadata__");
    std::sort(names.begin(), names.end(), naturalLess);

    const char* buffer = bytes + 8 + headerLength;
    const qint64 bufferSize = size - 8 - qint64(headerLength);
    std::vector<Tensor> tensors;
    for (const QString& name : names)
        if (Status read = readEntry(name, entries.value(name), buffer, bufferSize, source, wanted, tensors);
            !read)
            return Tensors::failure(read.error());
    return tensors;
}

Tensors readSafetensors(const QString& path, const TensorWanted& wanted) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Tensors::failure(QString("%1: cannot read: %2").arg(path, file.errorString()));
    if (file.size() == 0)
        return parseSafetensors("", 0, path, wanted);
    const uchar* mapped = file.map(0, file.size());
    if (!mapped)
        return Tensors::failure(QString("%1: cannot map: %2").arg(path, file.errorString()));
    return parseSafetensors(reinterpret_cast<const char*>(mapped), file.size(), path, wanted);
}

} // namespace rankscope
