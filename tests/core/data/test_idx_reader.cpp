// Tests for core/data/idx_reader: tiny IDX folders written at test time (raw and gzipped), every
// malformation the reader must name (bad magic, short header, truncated, trailing data, count
// mismatch, label range, corrupt gzip, missing files), the normalisation, and a real load of
// Debian's Fashion-MNIST when /usr/share/datasets/fashion-mnist is installed.
#include "data/idx_reader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <zlib.h>

using namespace rankscope;

namespace {

const QString kFashionMnist = "/usr/share/datasets/fashion-mnist";

QByteArray header(std::initializer_list<quint32> words) {
    QByteArray bytes;
    for (quint32 w : words) {
        char be[4];
        qToBigEndian(w, be);
        bytes.append(be, 4);
    }
    return bytes;
}

QByteArray images(quint32 count, quint32 rows = 3, quint32 cols = 4) {
    QByteArray bytes = header({0x803, count, rows, cols});
    for (quint32 i = 0; i < count * rows * cols; ++i)
        bytes.append(char((i * 37) % 256));
    return bytes;
}

QByteArray labels(quint32 count) {
    QByteArray bytes = header({0x801, count});
    for (quint32 i = 0; i < count; ++i)
        bytes.append(char(i % 10));
    return bytes;
}

void writeFile(const QString& path, const QByteArray& bytes, bool gz) {
    if (gz) {
        gzFile f = gzopen(QFile::encodeName(path).constData(), "wb");
        QVERIFY(f);
        QCOMPARE(gzwrite(f, bytes.constData(), unsigned(bytes.size())), int(bytes.size()));
        QCOMPARE(gzclose(f), Z_OK);
        return;
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// A folder with 5 training and 3 test samples of 3x4 pixels.
struct Folder {
    QTemporaryDir dir;
    bool gz = false;

    QString path(const QString& name) const { return dir.filePath(name + (gz ? ".gz" : "")); }
    void write(const QString& name, const QByteArray& bytes) const { writeFile(path(name), bytes, gz); }
    void writeAll() const {
        write("train-images-idx3-ubyte", images(5));
        write("train-labels-idx1-ubyte", labels(5));
        write("t10k-images-idx3-ubyte", images(3));
        write("t10k-labels-idx1-ubyte", labels(3));
    }
};

// `bytes` as one gzip member, in memory.
QByteArray gzipped(const QByteArray& bytes) {
    z_stream stream{};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&stream, uLong(bytes.size()))), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.constData()));
    stream.avail_in = uInt(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return out;
}

void addGzColumn() {
    QTest::addColumn<bool>("gz");
    QTest::newRow("raw") << false;
    QTest::newRow("gz") << true;
}

} // namespace

class TestIdxReader : public QObject {
    Q_OBJECT

private slots:
    void loadsFolder_data() { addGzColumn(); }
    void loadsFolder() {
        QFETCH(bool, gz);
        Folder folder{{}, gz};
        folder.writeAll();
        const Result<DataSplit> split = loadIdxFolder(folder.dir.path(), 100, 2);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.x.rows(), 12);
        QCOMPARE(split->train.size(), 5); // capped at the file's 5 images
        QCOMPARE(split->test.size(), 2);
        QCOMPARE(split->train.labels, (std::vector<std::int32_t>{0, 1, 2, 3, 4}));
        QCOMPARE(split->test.classes, 10);
        // Standardised with the training set's global mean and std; the test set shares the map.
        const Eigen::ArrayXXd x = split->train.x.cast<double>().array();
        QVERIFY(std::abs(x.mean()) < 1e-6);
        QVERIFY(std::abs(std::sqrt(x.square().mean()) - 1.0) < 1e-5);
        QCOMPARE(split->test.x.col(1), split->train.x.col(1)); // same pixels in both files
    }

    void firstSamplesAndEmptyTestSet() {
        Folder folder;
        folder.writeAll();
        const Result<DataSplit> split = loadIdxFolder(folder.dir.path(), 2, 0);
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.labels, (std::vector<std::int32_t>{0, 1}));
        QCOMPARE(split->test.size(), 0);
        QCOMPARE(split->test.inputDim(), 12);
    }

    void malformedImages_data() {
        QTest::addColumn<bool>("gz");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const QByteArray good = images(5);
        for (bool gz : {false, true}) {
            const char* z = gz ? " gz" : " raw";
            QTest::addRow("bad magic%s", z) << gz << labels(5) << "bad magic number 0x00000801";
            QTest::addRow("dimension count%s", z)
                << gz << header({0x804, 5, 3, 4, 1}) + good.mid(16) << "bad magic number 0x00000804";
            QTest::addRow("empty%s", z) << gz << QByteArray() << "truncated header: 0 bytes";
            QTest::addRow("short header%s", z) << gz << good.left(10) << "truncated header: 10 bytes";
            QTest::addRow("truncated%s", z)
                << gz << good.chopped(1) << "truncated: the header promises 5 images";
            QTest::addRow("trailing%s", z) << gz << good + "xyz"
                                           << "trailing data";
            QTest::addRow("zero rows%s", z) << gz << header({0x803, 5, 0, 4}) << "empty images of 0x4 pixels";
            QTest::addRow("huge count%s", z)
                << gz << header({0x803, 0xffffffff, 0xffff, 0xffff}) << "truncated";
        }
    }
    void malformedImages() {
        QFETCH(bool, gz);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        Folder folder{{}, gz};
        folder.writeAll();
        folder.write("train-images-idx3-ubyte", bytes);
        const Result<DataSplit> split = loadIdxFolder(folder.dir.path(), 100, 100);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().contains(folder.path("train-images-idx3-ubyte")), qPrintable(split.error()));
        QVERIFY2(split.error().contains(problem), qPrintable(split.error()));
    }

    void malformedLabels_data() {
        QTest::addColumn<bool>("gz");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        for (bool gz : {false, true}) {
            const char* z = gz ? " gz" : " raw";
            QTest::addRow("bad magic%s", z) << gz << images(3) << "bad magic number 0x00000803";
            QTest::addRow("truncated%s", z) << gz << labels(3).chopped(1) << "truncated";
            QTest::addRow("trailing%s", z) << gz << labels(3) + "\x01"
                                           << "trailing data";
            QTest::addRow("out of range%s", z) << gz << header({0x801, 3}) + QByteArray("\x01\x02\x0a", 3)
                                               << "label 10 at index 2 is out of range 0..9";
            QTest::addRow("count mismatch%s", z) << gz << labels(4) << "holds 3 images but";
        }
    }
    void malformedLabels() {
        QFETCH(bool, gz);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        Folder folder{{}, gz};
        folder.writeAll();
        folder.write("t10k-labels-idx1-ubyte", bytes);
        const Result<DataSplit> split = loadIdxFolder(folder.dir.path(), 100, 100);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().contains(folder.path("t10k-labels-idx1-ubyte")), qPrintable(split.error()));
        QVERIFY2(split.error().contains(problem), qPrintable(split.error()));
    }

    void testImageSizeMustMatch() {
        Folder folder;
        folder.writeAll();
        folder.write("t10k-images-idx3-ubyte", images(3, 4, 3));
        const Result<DataSplit> split = loadIdxFolder(folder.dir.path(), 100, 100);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().contains("test images are 4x3 pixels but training images are 3x4"),
                 qPrintable(split.error()));
    }

    void corruptGzip() {
        Folder folder{{}, true};
        folder.writeAll();
        const QString path = folder.path("train-images-idx3-ubyte");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 12)); // cut the gzip trailer and some data
        f.close();
        const Result<IdxImages> read = readIdxImages(path);
        QVERIFY(!read.ok());
        QVERIFY2(read.error().startsWith(path + ": corrupt gzip data"), qPrintable(read.error()));
    }

    void parsesBytesInMemory() {
        const QByteArray image = images(2), label = labels(3);
        const Result<IdxImages> raw = parseIdxImages(image, "raw"), gz = parseIdxImages(gzipped(image), "gz");
        QVERIFY2(raw.ok() && gz.ok(), qPrintable(raw.error() + gz.error()));
        QCOMPARE(gz->pixels, raw->pixels);
        QCOMPARE(raw->pixels, image.mid(16));

        // Concatenated gzip members join, as gzip -d does; anything else after a member is corrupt.
        const Result<std::vector<std::int32_t>> joined =
            parseIdxLabels(gzipped(label.left(5)) + gzipped(label.mid(5)), "joined");
        QVERIFY2(joined.ok(), qPrintable(joined.error()));
        QCOMPARE(joined.value(), (std::vector<std::int32_t>{0, 1, 2}));
        const Result<std::vector<std::int32_t>> trailing = parseIdxLabels(gzipped(label) + "xyz", "trailing");
        QVERIFY(!trailing.ok());
        QVERIFY2(trailing.error().startsWith("trailing: corrupt gzip data"), qPrintable(trailing.error()));
        const Result<IdxImages> cut = parseIdxImages(gzipped(image).chopped(9), "cut");
        QVERIFY(!cut.ok());
        QVERIFY2(cut.error().startsWith("cut: corrupt gzip data"), qPrintable(cut.error()));
    }

    void rejectsImagesTooLargeForAnInt() { // found by tests/fuzz: no pixels, so the payload matched
        const Result<IdxImages> read = parseIdxImages(header({0x803, 0, 0x8001091c, 28}), "huge");
        QVERIFY(!read.ok());
        QCOMPARE(read.error(), QString("huge: images of 2147551516x28 pixels are larger than 2 GiB each"));
    }

    void missingFiles() {
        Folder folder;
        folder.writeAll();
        QVERIFY(QFile::remove(folder.path("t10k-labels-idx1-ubyte")));
        const Result<DataSplit> split = loadIdxFolder(folder.dir.path(), 100, 100);
        QVERIFY(!split.ok());
        QVERIFY2(split.error().contains("missing t10k-labels-idx1-ubyte[.gz]"), qPrintable(split.error()));
        QVERIFY(split.error().contains("dataset-fashion-mnist"));
        QVERIFY(split.error().contains("/usr/share/datasets/fashion-mnist"));

        const Result<DataSplit> none = loadIdxFolder(folder.dir.filePath("nowhere"), 100, 100);
        QVERIFY(!none.ok());
        QVERIFY2(none.error().contains("no such folder") && none.error().contains("dataset-fashion-mnist"),
                 qPrintable(none.error()));
    }

    void fashionMnist() {
        if (!QDir(kFashionMnist).exists())
            QSKIP("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        QElapsedTimer timer;
        timer.start();
        const Result<DataSplit> split = loadIdxFolder(kFashionMnist, 60000, 10000);
        qInfo("loaded Fashion-MNIST in %lld ms", timer.elapsed());
        QVERIFY2(split.ok(), qPrintable(split.error()));
        QCOMPARE(split->train.x.rows(), 784);
        QCOMPARE(split->train.size(), 60000);
        QCOMPARE(split->test.size(), 10000);
        std::vector<int> counts(10, 0);
        for (int y : split->train.labels)
            ++counts[y];
        QCOMPARE(counts, std::vector<int>(10, 6000)); // Fashion-MNIST is balanced
        const Eigen::ArrayXXd x = split->train.x.cast<double>().array();
        QVERIFY(std::abs(x.mean()) < 1e-4);
        QVERIFY(std::abs(std::sqrt(x.square().mean()) - 1.0) < 1e-4);
    }
};

QTEST_APPLESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
