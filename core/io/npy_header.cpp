#include "io/npy_header.h"

#include <QRegularExpression>
#include <QtEndian>

namespace rankscope {
namespace {

const QByteArray kMagic("\x93NUMPY", 6);
constexpr qint64 kHeaderLimit = 1 << 20; // numpy itself refuses headers above 10 kB by default

std::optional<FloatType> floatTypeOf(const QString& descr) {
    if (descr == "<f2")
        return FloatType::Float16;
    if (descr == "<f4")
        return FloatType::Float32;
    if (descr == "<f8")
        return FloatType::Float64;
    return std::nullopt;
}

Result<std::vector<qint64>> parseShape(const QString& tuple, const QString& source) {
    std::vector<qint64> shape;
    for (const QString& part : tuple.split(',', Qt::SkipEmptyParts)) {
        if (part.trimmed().isEmpty())
            continue;
        bool ok = false;
        const qint64 dim = part.trimmed().toLongLong(&ok);
        if (!ok || dim < 0)
            return Result<std::vector<qint64>>::failure(
                QString("%1: .npy header has a malformed shape (%2)").arg(source, tuple));
        shape.push_back(dim);
    }
    return shape;
}

} // namespace

Result<qint64> npyHeaderSize(const QByteArray& prefix, const QString& source) {
    if (!prefix.startsWith(kMagic))
        return Result<qint64>::failure(QString("%1: not a .npy array (no \\x93NUMPY magic)").arg(source));
    if (prefix.size() < kNpyPrefixSize)
        return Result<qint64>::failure(QString("%1: truncated .npy header").arg(source));
    const int major = static_cast<unsigned char>(prefix[6]);
    if (major == 1)
        return 10 + qint64(qFromLittleEndian<quint16>(prefix.constData() + 8));
    if (major == 2 || major == 3) {
        const qint64 length = qFromLittleEndian<quint32>(prefix.constData() + 8);
        if (length > kHeaderLimit)
            return Result<qint64>::failure(
                QString("%1: .npy header of %2 bytes is implausibly long").arg(source).arg(length));
        return 12 + length;
    }
    return Result<qint64>::failure(QString("%1: unknown .npy format version %2").arg(source).arg(major));
}

Result<NpyHeader> parseNpyHeader(const QByteArray& header, const QString& source) {
    using R = Result<NpyHeader>;
    const Result<qint64> size = npyHeaderSize(header, source);
    if (!size)
        return R::failure(size.error());
    if (header.size() < size.value())
        return R::failure(QString("%1: truncated .npy header").arg(source));
    const qint64 prefixLength = header[6] == 1 ? 10 : 12;
    const QString dict = QString::fromUtf8(header.mid(prefixLength, size.value() - prefixLength));
    static const QRegularExpression descr(R"(['"]descr['"]\s*:\s*['"]([^'"]*)['"])");
    static const QRegularExpression fortran(R"(['"]fortran_order['"]\s*:\s*(True|False))");
    static const QRegularExpression shape(R"(['"]shape['"]\s*:\s*\(([^)]*)\))");
    const QRegularExpressionMatch d = descr.match(dict), f = fortran.match(dict), s = shape.match(dict);
    if (!d.hasMatch() || !f.hasMatch() || !s.hasMatch())
        return R::failure(QString("%1: .npy header is not a plain array header (descr, fortran_order, "
                                  "shape): %2")
                              .arg(source, dict.left(120).simplified()));
    const Result<std::vector<qint64>> dims = parseShape(s.captured(1), source);
    if (!dims)
        return R::failure(dims.error());
    NpyHeader parsed;
    parsed.descr = d.captured(1);
    parsed.type = floatTypeOf(parsed.descr);
    parsed.fortranOrder = f.captured(1) == "True";
    parsed.shape = dims.value();
    parsed.dataOffset = size.value();
    return parsed;
}

QString unsupportedDtypeMessage(const QString& source, const QString& descr) {
    return QString("%1: dtype '%2' is not a little-endian float array (RankScope reads <f2, <f4, <f8; "
                   "convert with .astype(numpy.float32))")
        .arg(source, descr);
}

} // namespace rankscope
