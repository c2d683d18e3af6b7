// .npy and .npz writing. Format references: numpy.lib.format (NEP 1; NPY 1.0: "\x93NUMPY", version
// 1.0, uint16 header length, a Python dict literal padded with spaces and '\n' so the data starts at
// a multiple of 64 bytes) and, for the ZIP container, libzip (which follows PKWARE's APPNOTE.TXT and
// switches to ZIP64 by itself when an archive outgrows 4 GiB). Members are stored, not compressed,
// as numpy.savez does; timestamps are fixed (1980-01-01) so the same arrays always give the same bytes.
#include "io/npy_writer.h"

#include "io/write_error.h"
#include "io/zip_archive.h"

#include <QFile>
#include <QSaveFile>
#include <QtEndian>
#include <bit>
#include <cassert>
#include <set>

namespace rankscope {
namespace {

static_assert(std::endian::native == std::endian::little,
              "npy_writer copies host memory as little-endian data");

constexpr quint16 kDosDate1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01
constexpr quint32 kRegularFile0644 = 0100644u << 16;      // external attributes: -rw-r--r--

void putU16(QByteArray& out, quint16 value) {
    const quint16 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&le), 2);
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

NpyArray reshaped(NpyArray array, std::vector<qint64> shape) {
    [[maybe_unused]] const qint64 count = array.elementCount();
    array.shape = std::move(shape);
    assert(array.elementCount() == count);
    return array;
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
    if (arrays.empty())
        return Status::failure(QString("%1: an .npz needs at least one array").arg(path));

    const auto failure = [&path](const QString& cause) {
        return Status::failure(QString("%1: cannot write: %2").arg(path, cause));
    };
    int code = 0;
    ZipArchive archive(zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &code));
    if (!archive)
        return failure(zipErrorText(code));
    std::vector<QByteArray> headers; // libzip reads the members' bytes only in zip_close
    headers.reserve(arrays.size());
    for (const NpyArray& array : arrays) {
        headers.push_back(npyHeader(array));
        zip_buffer_fragment_t fragments[] = {
            {reinterpret_cast<zip_uint8_t*>(headers.back().data()), zip_uint64_t(headers.back().size())},
            {reinterpret_cast<zip_uint8_t*>(const_cast<char*>(array.data.constData())),
             zip_uint64_t(array.data.size())}};
        zip_source_t* member = zip_source_buffer_fragment(archive.get(), fragments, 2, 0);
        const zip_int64_t index =
            member ? zip_file_add(archive.get(), (array.name + ".npy").toUtf8().constData(), member,
                                  ZIP_FL_ENC_UTF_8)
                   : -1;
        if (index < 0) {
            zip_source_free(member);
            return failure(zipArchiveErrorText(archive.get()));
        }
        const zip_uint64_t at = zip_uint64_t(index);
        if (zip_set_file_compression(archive.get(), at, ZIP_CM_STORE, 0) != 0 ||
            zip_file_set_dostime(archive.get(), at, 0, kDosDate1980, 0) != 0 ||
            zip_file_set_external_attributes(archive.get(), at, 0, ZIP_OPSYS_UNIX, kRegularFile0644) != 0)
            return failure(zipArchiveErrorText(archive.get()));
    }
    if (zip_close(archive.get()) != 0)
        return failure(zipArchiveErrorText(archive.get()));
    archive.release(); // zip_close freed it
    return success();
}

} // namespace rankscope
