// IDX reading and the MNIST folder loader; the format and the normalisation are in idx_reader.h.
#include "data/idx_reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>
#include <algorithm>
#include <array>
#include <cmath>
#include <zlib.h>

namespace rankscope {
namespace {

constexpr qint64 kMaxFileBytes = (qint64(1) << 31) - 1; // so counts fit an int
constexpr quint32 kImagesMagic = 0x00000803;
constexpr quint32 kLabelsMagic = 0x00000801;
constexpr const char* kInstallHint =
    "install Debian's package dataset-fashion-mnist (files in "
    "/usr/share/datasets/fashion-mnist) or put the MNIST IDX files in this folder";

QString fail(const QString& file, const QString& problem) {
    return QString("%1: %2").arg(file, problem);
}

bool isGzip(const QByteArray& bytes) {
    return bytes.size() >= 2 && quint8(bytes[0]) == 0x1f && quint8(bytes[1]) == 0x8b;
}

// zlib's inflate state for gzip streams, released however the decoding ends.
class GzipInflater {
public:
    GzipInflater() { m_ready = inflateInit2(&m_stream, 16 + MAX_WBITS) == Z_OK; } // 16: gzip wrapper
    ~GzipInflater() {
        if (m_ready)
            inflateEnd(&m_stream);
    }
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    bool ready() const { return m_ready; }
    z_stream& stream() { return m_stream; }

private:
    z_stream m_stream{};
    bool m_ready = false;
};

// Decompresses every gzip member of `gz` (concatenated members join, as gzip -d does). Truncated,
// corrupt or trailing non-gzip data is an error, and so is more than kMaxFileBytes of output.
Result<QByteArray> gunzip(const QByteArray& gz, const QString& file) {
    GzipInflater inflater;
    if (!inflater.ready())
        return Result<QByteArray>::failure(fail(file, "zlib could not start"));
    z_stream& stream = inflater.stream();
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.constData()));
    stream.avail_in = uInt(gz.size()); // gz.size() <= kMaxFileBytes fits a uInt
    QByteArray bytes;
    int code = Z_OK;
    while (code != Z_STREAM_END || stream.avail_in > 0) {
        if (code == Z_STREAM_END)
            inflateReset(&stream); // another member follows
        if (bytes.size() == kMaxFileBytes)
            return Result<QByteArray>::failure(fail(file, "larger than 2 GiB uncompressed"));
        const qsizetype start = bytes.size();
        const qsizetype chunk =
            std::min<qsizetype>(std::max<qsizetype>(start, 1 << 16), kMaxFileBytes - start);
        bytes.resize(start + chunk); // doubling: linear time overall
        stream.next_out = reinterpret_cast<Bytef*>(bytes.data() + start);
        stream.avail_out = uInt(chunk);
        code = inflate(&stream, Z_NO_FLUSH);
        bytes.resize(start + chunk - stream.avail_out);
        if (code == Z_BUF_ERROR || (code == Z_OK && stream.avail_in == 0 && stream.avail_out > 0))
            return Result<QByteArray>::failure(fail(file, "corrupt gzip data (unexpected end of file)"));
        if (code != Z_OK && code != Z_STREAM_END)
            return Result<QByteArray>::failure(
                fail(file, QString("corrupt gzip data (%1)").arg(stream.msg ? stream.msg : "zlib error")));
    }
    return bytes;
}

Result<QByteArray> readFileBytes(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(fail(file, "cannot open (" + f.errorString() + ")"));
    if (f.size() > kMaxFileBytes)
        return Result<QByteArray>::failure(fail(file, "larger than 2 GiB"));
    return f.readAll();
}

// The bytes of a file, gunzipped when they start with the gzip magic bytes 1f 8b.
Result<QByteArray> maybeGunzip(QByteArray bytes, const QString& file) {
    if (isGzip(bytes))
        return gunzip(bytes, file);
    if (bytes.size() > kMaxFileBytes)
        return Result<QByteArray>::failure(fail(file, "larger than 2 GiB"));
    return bytes;
}

quint32 bigEndianAt(const QByteArray& bytes, int offset) {
    return qFromBigEndian<quint32>(bytes.constData() + offset);
}

// Magic number and header length of an IDX file of `dims` dimensions of unsigned bytes.
QString checkHeader(const QByteArray& bytes, quint32 magic, int dims, const char* what) {
    const int headerBytes = 4 + 4 * dims;
    if (bytes.size() >= 4 && bigEndianAt(bytes, 0) != magic)
        return QString("bad magic number 0x%1 (an IDX %2 file starts with 0x%3)")
            .arg(bigEndianAt(bytes, 0), 8, 16, QChar('0'))
            .arg(what)
            .arg(magic, 8, 16, QChar('0'));
    if (bytes.size() < headerBytes)
        return QString("truncated header: %1 bytes, an IDX %2 file has a %3-byte header")
            .arg(bytes.size())
            .arg(what)
            .arg(headerBytes);
    return {};
}

// The payload after the header must be exactly what the header promises.
QString checkPayload(qint64 payload, quint64 count, quint64 itemBytes, const QString& items) {
    quint64 expected = 0;
    const bool overflow = __builtin_mul_overflow(count, itemBytes, &expected);
    if (!overflow && expected == quint64(payload))
        return {};
    return QString("%1: the header promises %2 %3 (%4 bytes after the header) but the file holds %5 bytes")
        .arg(overflow || expected > quint64(payload) ? "truncated" : "trailing data")
        .arg(count)
        .arg(items)
        .arg(overflow ? QString("over 2^64") : QString::number(expected))
        .arg(payload);
}

QString findFile(const QString& folder, const QString& name) {
    for (const QString& candidate : {name, name + ".gz"}) {
        const QString path = QDir(folder).filePath(candidate);
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

// x = p * a + b with a = 1 / (255 std), b = -mean / std over all pixels of `images` (idx_reader.h).
std::array<float, 256> standardisation(const IdxImages& images, int count) {
    const auto* p = reinterpret_cast<const quint8*>(images.pixels.constData());
    const qint64 n = qint64(count) * images.rows * images.cols;
    std::array<qint64, 256> histogram{};
    for (qint64 i = 0; i < n; ++i)
        ++histogram[p[i]];
    double sum = 0, sumSquares = 0;
    for (int v = 0; v < 256; ++v) {
        sum += double(histogram[v]) * (v / 255.0);
        sumSquares += double(histogram[v]) * (v / 255.0) * (v / 255.0);
    }
    const double mean = sum / n;
    const double variance = std::max(sumSquares / n - mean * mean, 0.0);
    const double stddev = variance > 0 ? std::sqrt(variance) : 1.0;
    std::array<float, 256> table{};
    for (int v = 0; v < 256; ++v)
        table[v] = float((v / 255.0 - mean) / stddev);
    return table;
}

Dataset toDataset(const IdxImages& images, const std::vector<std::int32_t>& labels, int count,
                  const std::array<float, 256>& table) {
    Dataset set;
    set.x.resize(images.rows * images.cols, count);
    const auto* p = reinterpret_cast<const quint8*>(images.pixels.constData());
    std::transform(p, p + set.x.size(), set.x.data(), [&](quint8 v) { return table[v]; });
    set.labels.assign(labels.begin(), labels.begin() + count);
    set.classes = kIdxClasses;
    set.image = {1, images.rows, images.cols};
    return set;
}

struct IdxPart {
    IdxImages images;
    std::vector<std::int32_t> labels;
};

Result<IdxPart> loadPart(const QString& folder, const QString& prefix) {
    const QString imageName = prefix + "-images-idx3-ubyte", labelName = prefix + "-labels-idx1-ubyte";
    const QString imageFile = findFile(folder, imageName), labelFile = findFile(folder, labelName);
    for (const auto& [path, name] : {std::pair{imageFile, imageName}, std::pair{labelFile, labelName}})
        if (path.isEmpty())
            return Result<IdxPart>::failure(
                fail(folder, QString("missing %1[.gz]; %2").arg(name, QString::fromLatin1(kInstallHint))));
    Result<IdxImages> images = readIdxImages(imageFile);
    if (!images)
        return Result<IdxPart>::failure(images.error());
    Result<std::vector<std::int32_t>> labels = readIdxLabels(labelFile);
    if (!labels)
        return Result<IdxPart>::failure(labels.error());
    if (qsizetype(labels->size()) != images->count)
        return Result<IdxPart>::failure(QString("%1 holds %2 images but %3 holds %4 labels")
                                            .arg(imageFile)
                                            .arg(images->count)
                                            .arg(labelFile)
                                            .arg(labels->size()));
    if (images->count == 0)
        return Result<IdxPart>::failure(fail(imageFile, "holds no images"));
    return IdxPart{std::move(images).value(), std::move(labels).value()};
}

} // namespace

Result<IdxImages> parseIdxImages(const QByteArray& fileBytes, const QString& file) {
    Result<QByteArray> read = maybeGunzip(fileBytes, file);
    if (!read)
        return Result<IdxImages>::failure(read.error());
    QByteArray& bytes = read.value();
    if (QString problem = checkHeader(bytes, kImagesMagic, 3, "image"); !problem.isEmpty())
        return Result<IdxImages>::failure(fail(file, problem));
    const quint32 count = bigEndianAt(bytes, 4), rows = bigEndianAt(bytes, 8), cols = bigEndianAt(bytes, 12);
    const QString items = QString("images of %1x%2 pixels").arg(rows).arg(cols);
    if (rows == 0 || cols == 0)
        return Result<IdxImages>::failure(fail(file, "empty " + items));
    if (QString problem = checkPayload(bytes.size() - 16, count, quint64(rows) * cols, items);
        !problem.isEmpty())
        return Result<IdxImages>::failure(fail(file, problem));
    if (quint64(rows) * cols > quint64(kMaxFileBytes)) // only possible with count = 0
        return Result<IdxImages>::failure(fail(file, items + " are larger than 2 GiB each"));
    IdxImages images{int(count), int(rows), int(cols), std::move(bytes)};
    images.pixels.remove(0, 16);
    return images;
}

Result<std::vector<std::int32_t>> parseIdxLabels(const QByteArray& fileBytes, const QString& file) {
    using Labels = std::vector<std::int32_t>;
    Result<QByteArray> read = maybeGunzip(fileBytes, file);
    if (!read)
        return Result<Labels>::failure(read.error());
    const QByteArray& bytes = read.value();
    if (QString problem = checkHeader(bytes, kLabelsMagic, 1, "label"); !problem.isEmpty())
        return Result<Labels>::failure(fail(file, problem));
    const quint32 count = bigEndianAt(bytes, 4);
    if (QString problem = checkPayload(bytes.size() - 8, count, 1, "labels"); !problem.isEmpty())
        return Result<Labels>::failure(fail(file, problem));
    Labels labels(count);
    for (quint32 i = 0; i < count; ++i) {
        labels[i] = quint8(bytes.at(8 + i));
        if (labels[i] >= kIdxClasses)
            return Result<Labels>::failure(fail(file, QString("label %1 at index %2 is out of range 0..%3")
                                                          .arg(labels[i])
                                                          .arg(i)
                                                          .arg(kIdxClasses - 1)));
    }
    return labels;
}

Result<IdxImages> readIdxImages(const QString& file) {
    Result<QByteArray> bytes = readFileBytes(file);
    if (!bytes)
        return Result<IdxImages>::failure(bytes.error());
    return parseIdxImages(std::move(bytes).value(), file);
}

Result<std::vector<std::int32_t>> readIdxLabels(const QString& file) {
    Result<QByteArray> bytes = readFileBytes(file);
    if (!bytes)
        return Result<std::vector<std::int32_t>>::failure(bytes.error());
    return parseIdxLabels(std::move(bytes).value(), file);
}

Result<DataSplit> loadIdxFolder(const QString& folder, int trainSize, int testSize) {
    if (!QFileInfo(folder).isDir())
        return Result<DataSplit>::failure(
            fail(folder, QString("no such folder; %1").arg(QString::fromLatin1(kInstallHint))));
    Result<IdxPart> train = loadPart(folder, "train");
    if (!train)
        return Result<DataSplit>::failure(train.error());
    Result<IdxPart> test = loadPart(folder, "t10k");
    if (!test)
        return Result<DataSplit>::failure(test.error());
    if (test->images.rows != train->images.rows || test->images.cols != train->images.cols)
        return Result<DataSplit>::failure(
            fail(folder, QString("test images are %1x%2 pixels but training images are %3x%4")
                             .arg(test->images.rows)
                             .arg(test->images.cols)
                             .arg(train->images.rows)
                             .arg(train->images.cols)));
    const int trainCount = std::min(trainSize, train->images.count);
    const int testCount = std::min(testSize, test->images.count);
    const std::array<float, 256> table = standardisation(train->images, trainCount);
    return DataSplit{toDataset(train->images, train->labels, trainCount, table),
                     toDataset(test->images, test->labels, testCount, table)};
}

} // namespace rankscope
