// .npy and .npz writing. Format references: numpy.lib.format (NPY 1.0: "\x93NUMPY", version 1.0,
// uint16 header length, a Python dict literal padded with spaces and '\n' so the data starts at a
// multiple of 64 bytes) and PKWARE's APPNOTE.TXT (ZIP: local file headers, central directory, end
// of central directory record; method 0 = stored, CRC-32 from zlib).
// Leaves out: ZIP64, compression, data descriptors. Timestamps are fixed (1980-01-01) so the same
// arrays always give the same bytes.
#include "io/npy_writer.h"

#include "io/write_error.h"

#include <QSaveFile>
#include <QtEndian>
#include <algorithm>
#include <bit>
#include <set>
#include <zlib.h>

namespace rankscope {
namespace {

static_assert(std::endian::native == std::endian::little,
              "npy_writer copies host memory as little-endian data");

constexpr quint16 kZipVersion = 20; // 2.0: what Python's zipfile writes for stored entries
constexpr quint16 kMadeByUnix = (3 << 8) | kZipVersion;
constexpr quint32 kRegularFile0644 = 0100644u << 16;      // external attributes: -rw-r--r--
constexpr quint16 kDosDate1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01
constexpr quint16 kUtf8NamesFlag = 1 << 11;
constexpr quint64 kZip32Limit = 0xFFFFFFFFull;

void putU16(QByteArray& out, quint16 value) {
    const quint16 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&le), 2);
}

void putU32(QByteArray& out, quint32 value) {
    const quint32 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&le), 4);
}

quint32 crc32Of(quint32 crc, const QByteArray& bytes) {
    return static_cast<quint32>(
        crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.constData()), bytes.size()));
}

struct ZipEntry {
    QByteArray name;
    quint32 crc = 0;
    quint32 size = 0;
    quint32 offset = 0;
};

// The fields shared by a local file header and a central directory header, from "version needed".
QByteArray commonFields(const ZipEntry& entry) {
    QByteArray out;
    const bool ascii = std::all_of(entry.name.begin(), entry.name.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    putU16(out, kZipVersion);
    putU16(out, ascii ? 0 : kUtf8NamesFlag);
    putU16(out, 0); // method: stored
    putU16(out, 0); // time 00:00
    putU16(out, kDosDate1980);
    putU32(out, entry.crc);
    putU32(out, entry.size); // compressed
    putU32(out, entry.size); // uncompressed
    putU16(out, static_cast<quint16>(entry.name.size()));
    putU16(out, 0); // extra field length
    return out;
}

QByteArray localHeader(const ZipEntry& entry) {
    QByteArray out;
    putU32(out, 0x04034b50);
    return out + commonFields(entry) + entry.name;
}

QByteArray centralHeader(const ZipEntry& entry) {
    QByteArray out;
    putU32(out, 0x02014b50);
    putU16(out, kMadeByUnix);
    out += commonFields(entry);
    putU16(out, 0); // comment length
    putU16(out, 0); // disk number
    putU16(out, 0); // internal attributes
    putU32(out, kRegularFile0644);
    putU32(out, entry.offset);
    return out + entry.name;
}

QByteArray endOfCentralDirectory(quint16 entries, quint32 size, quint32 offset) {
    QByteArray out;
    putU32(out, 0x06054b50);
    putU16(out, 0); // this disk
    putU16(out, 0); // disk with the central directory
    putU16(out, entries);
    putU16(out, entries);
    putU32(out, size);
    putU32(out, offset);
    putU16(out, 0); // comment length
    return out;
}

Status checkArray(const QString& path, const NpyArray& array) {
    const qint64 expected = array.elementCount() * array.itemSize();
    if (array.data.size() != expected)
        return Status::failure(QString("%1: array %2 has %3 bytes of data but its shape needs %4")
                                   .arg(path, array.name)
                                   .arg(array.data.size())
                                   .arg(expected));
    return success();
}

// Writes pieces to a QSaveFile and commits; the first failure names the file and its cause.
class AtomicWriter {
public:
    explicit AtomicWriter(const QString& path)
        : m_file(path) {
        errno = 0;
        if (!m_file.open(QIODevice::WriteOnly))
            m_error = writeErrorText(m_file);
    }
    void write(const QByteArray& bytes) {
        errno = 0;
        if (m_error.isEmpty() && m_file.write(bytes) != bytes.size())
            m_error = writeErrorText(m_file);
    }
    Status commit() {
        errno = 0;
        if (m_error.isEmpty() && !m_file.commit())
            m_error = writeErrorText(m_file);
        if (m_error.isEmpty())
            return success();
        return Status::failure(QString("%1: cannot write: %2").arg(m_file.fileName(), m_error));
    }

private:
    QSaveFile m_file;
    QString m_error; // empty while every call succeeded
};

template <typename Scalar> QByteArray bytesOf(const Scalar* data, qint64 count) {
    return QByteArray(reinterpret_cast<const char*>(data), count * static_cast<qint64>(sizeof(Scalar)));
}

} // namespace

qint64 NpyArray::elementCount() const {
    qint64 count = 1;
    for (qint64 dim : shape)
        count *= dim;
    return count;
}

NpyArray npyMatrix(const QString& name, const Eigen::MatrixXf& matrix) {
    const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rowMajor = matrix;
    return {name,
            NpyArray::Type::Float32,
            {matrix.rows(), matrix.cols()},
            bytesOf(rowMajor.data(), rowMajor.size())};
}

NpyArray npySamples(const QString& name, const Eigen::MatrixXf& columns) {
    return {name,
            NpyArray::Type::Float32,
            {columns.cols(), columns.rows()},
            bytesOf(columns.data(), columns.size())};
}

NpyArray npyVector(const QString& name, const Eigen::VectorXf& vector) {
    return {name, NpyArray::Type::Float32, {vector.size()}, bytesOf(vector.data(), vector.size())};
}

NpyArray npyLabels(const QString& name, const std::vector<std::int32_t>& labels) {
    const std::vector<std::int64_t> wide(labels.begin(), labels.end());
    return {name, NpyArray::Type::Int64, {qint64(labels.size())}, bytesOf(wide.data(), qint64(wide.size()))};
}

QByteArray npyHeader(const NpyArray& array) {
    QByteArrayList dims;
    for (qint64 dim : array.shape)
        dims << QByteArray::number(dim);
    // Python's tuple repr: (), (3,), (3, 2)
    const QByteArray shape = '(' + dims.join(", ") + (dims.size() == 1 ? ",)" : ")");
    const QByteArray dict = "{'descr': '" +
                            QByteArray(array.type == NpyArray::Type::Float32 ? "<f4" : "<i8") +
                            "', 'fortran_order': False, 'shape': " + shape + ", }";
    constexpr int kPrefix = 10; // magic (6) + version (2) + header length (2)
    const qsizetype padding = (64 - (kPrefix + dict.size() + 1) % 64) % 64;
    const qsizetype headerLength = dict.size() + padding + 1;
    Q_ASSERT(headerLength <= 0xFFFF); // NPY 1.0 limit; only reached by thousands of dimensions

    QByteArray header("\x93NUMPY\x01\x00", 8);
    putU16(header, static_cast<quint16>(headerLength));
    return header + dict + QByteArray(padding, ' ') + '\n';
}

Status writeNpy(const QString& path, const NpyArray& array) {
    if (Status valid = checkArray(path, array); !valid)
        return valid;
    AtomicWriter writer(path);
    writer.write(npyHeader(array));
    writer.write(array.data);
    return writer.commit();
}

Status writeNpz(const QString& path, const std::vector<NpyArray>& arrays) {
    std::set<QString> names;
    for (const NpyArray& array : arrays) {
        if (array.name.isEmpty() || !names.insert(array.name).second)
            return Status::failure(
                QString("%1: array names must be distinct and non-empty (\"%2\")").arg(path, array.name));
        if (Status valid = checkArray(path, array); !valid)
            return valid;
    }
    if (arrays.size() >= 0xFFFF)
        return Status::failure(
            QString("%1: too many arrays for a ZIP file (%2)").arg(path).arg(arrays.size()));

    AtomicWriter writer(path);
    std::vector<ZipEntry> entries;
    quint64 offset = 0;
    for (const NpyArray& array : arrays) {
        const QByteArray header = npyHeader(array);
        const quint64 size = quint64(header.size()) + quint64(array.data.size());
        if (size >= kZip32Limit || offset >= kZip32Limit)
            return Status::failure(
                QString("%1: array %2 does not fit in a ZIP file below 4 GiB (ZIP64 is not supported)")
                    .arg(path, array.name));
        const ZipEntry entry{(array.name + ".npy").toUtf8(), crc32Of(crc32Of(0, header), array.data),
                             quint32(size), quint32(offset)};
        const QByteArray local = localHeader(entry);
        writer.write(local);
        writer.write(header);
        writer.write(array.data);
        offset += quint64(local.size()) + size;
        entries.push_back(entry);
    }
    QByteArray directory;
    for (const ZipEntry& entry : entries)
        directory += centralHeader(entry);
    if (offset + quint64(directory.size()) >= kZip32Limit)
        return Status::failure(
            QString("%1: arrays do not fit in a ZIP file below 4 GiB (ZIP64 is not supported)").arg(path));
    writer.write(directory);
    writer.write(endOfCentralDirectory(quint16(entries.size()), quint32(directory.size()), quint32(offset)));
    return writer.commit();
}

} // namespace rankscope
