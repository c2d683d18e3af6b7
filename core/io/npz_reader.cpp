#include "io/npz_reader.h"

#include "io/npy_header.h"
#include "io/zip_archive.h"

#include <QFile>
#include <algorithm>
#include <memory>

namespace rankscope {
namespace {

using Tensors = Result<std::vector<Tensor>>;

struct MemberCloser {
    void operator()(zip_file_t* member) const { zip_fclose(member); }
};
using Member = std::unique_ptr<zip_file_t, MemberCloser>;

constexpr qint64 kChunk = 1 << 20; // data arrives in chunks, so a lying size field cannot
                                   // make us allocate more than the archive really inflates to

// Up to `count` bytes of `member`; fewer only at its end. Nothing on a read error (CRC, inflate).
std::optional<QByteArray> readBytes(zip_file_t* member, qint64 count) {
    QByteArray bytes;
    while (bytes.size() < count) {
        const qint64 want = std::min(kChunk, count - bytes.size());
        const qsizetype at = bytes.size();
        bytes.resize(at + want);
        const zip_int64_t got = zip_fread(member, bytes.data() + at, zip_uint64_t(want));
        if (got < 0)
            return std::nullopt;
        bytes.resize(at + got);
        if (got == 0)
            break;
    }
    return bytes;
}

// Reads member `index` into `tensors` if the caller wants it.
Status readMember(zip_t* archive, zip_uint64_t index, const QString& source, const TensorWanted& wanted,
                  std::vector<Tensor>& tensors) {
    const QString memberName = QString::fromUtf8(zip_get_name(archive, index, ZIP_FL_ENC_GUESS));
    const QString where = QString("%1: member %2").arg(source, memberName);
    zip_stat_t stat;
    zip_stat_init(&stat);
    Member member(zip_fopen_index(archive, index, 0));
    if (zip_stat_index(archive, index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE) || !member)
        return Status::failure(QString("%1: cannot open: %2").arg(where, zip_strerror(archive)));
    const auto failedRead = [&] {
        return Status::failure(
            QString("%1: corrupt or truncated: %2").arg(where, zip_file_strerror(member.get())));
    };

    std::optional<QByteArray> header = readBytes(member.get(), kNpyPrefixSize);
    if (!header)
        return failedRead();
    const Result<qint64> headerSize = npyHeaderSize(header.value(), where);
    if (!headerSize)
        return Status::failure(headerSize.error());
    std::optional<QByteArray> rest = readBytes(member.get(), headerSize.value() - header->size());
    if (!rest)
        return failedRead();
    const Result<NpyHeader> parsed = parseNpyHeader(header.value() + rest.value(), where);
    if (!parsed)
        return Status::failure(parsed.error());
    const QString name = memberName.chopped(4);
    if (!wanted(name, parsed->shape))
        return success();
    if (!parsed->type)
        return Status::failure(unsupportedDtypeMessage(where, parsed->descr));
    if (parsed->fortranOrder)
        return Status::failure(
            QString("%1: Fortran-ordered array (save it in C order, numpy.ascontiguousarray)").arg(where));

    const int itemSize = byteSize(*parsed->type);
    const qint64 dataBytes = qint64(stat.size) - parsed->dataOffset;
    const std::optional<qint64> count =
        elementCount(parsed->shape, std::max<qint64>(dataBytes, 0) / itemSize);
    if (!count || *count * itemSize != dataBytes)
        return Status::failure(QString("%1: shape %2 of %3 does not match the %4 data bytes the member holds")
                                   .arg(where, shapeText(parsed->shape), parsed->descr)
                                   .arg(dataBytes));
    const std::optional<QByteArray> data = readBytes(member.get(), dataBytes);
    // libzip compares the CRC-32 only on the read that reaches the member's end
    if (!data || !readBytes(member.get(), 1))
        return failedRead();
    if (data->size() != dataBytes)
        return Status::failure(
            QString("%1: truncated: %2 of %3 data bytes").arg(where).arg(data->size()).arg(dataBytes));
    tensors.push_back({name, parsed->shape, decodeFloats(*parsed->type, data->constData(), *count)});
    return success();
}

QString notAZip(const QString& source, const QString& cause) {
    return QString("%1: not a readable .npz (zip archive): %2").arg(source, cause);
}

Tensors readArchive(zip_t* archive, const QString& source, const TensorWanted& wanted) {
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    if (count <= 0) // libzip opens a zero-length file as an empty archive
        return Tensors::failure(notAZip(source, "it holds no arrays"));
    for (zip_int64_t i = 0; i < count; ++i) {
        const QString name = QString::fromUtf8(zip_get_name(archive, zip_uint64_t(i), ZIP_FL_ENC_GUESS));
        if (name == "data.pkl" || name.endsWith("/data.pkl"))
            return Tensors::failure(pickleRefusal(source));
        if (!name.endsWith(".npy") || name.size() == 4)
            return Tensors::failure(
                QString("%1: member %2 is not a .npy array (an .npz holds only <name>.npy members)")
                    .arg(source, name));
    }
    std::vector<Tensor> tensors;
    for (zip_int64_t i = 0; i < count; ++i)
        if (Status read = readMember(archive, zip_uint64_t(i), source, wanted, tensors); !read)
            return Tensors::failure(read.error());
    return tensors;
}

} // namespace

Tensors readNpz(const QString& path, const TensorWanted& wanted) {
    int code = 0;
    ZipArchive archive(zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!archive)
        return Tensors::failure(notAZip(path, zipErrorText(code)));
    return readArchive(archive.get(), path, wanted);
}

Tensors parseNpz(const QByteArray& bytes, const QString& source, const TensorWanted& wanted) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(bytes.constData(), zip_uint64_t(bytes.size()), 0, &error);
    ZipArchive archive(buffer ? zip_open_from_source(buffer, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr);
    const QString cause = QString::fromUtf8(zip_error_strerror(&error));
    zip_error_fini(&error);
    if (!archive) {
        zip_source_free(buffer);
        return Tensors::failure(notAZip(source, cause));
    }
    return readArchive(archive.get(), source, wanted);
}

} // namespace rankscope
