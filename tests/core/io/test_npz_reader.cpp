// Tests for io/npz_reader: numpy.savez_compressed output (fixture data/compressed.npz, made by
// data/make_fixtures.py) with <f4, <f8 and <f2 arrays, the writer's output read back, the caller's
// choice of tensors, and hostile archives, each refused with one line naming the file and member.
#include "io/npy_writer.h"
#include "io/npz_reader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

const QString kData = RANKSCOPE_MODEL_DATA_DIR;

bool atLeastOneDimension(const QString&, const std::vector<qint64>& shape) {
    return !shape.empty();
}
bool everything(const QString&, const std::vector<qint64>&) {
    return true;
}

} // namespace

class TestNpzReader : public QObject {
    Q_OBJECT

private slots:
    void readsSavezCompressedInArchiveOrder() {
        const Result<std::vector<Tensor>> tensors = readNpz(kData + "/compressed.npz", atLeastOneDimension);
        QVERIFY2(tensors.ok(), qPrintable(tensors.error()));
        QCOMPARE(tensors->size(), std::size_t(4)); // the scalar counter is not wanted
        const Tensor& w = tensors->at(0);
        QCOMPARE(w.name, QString("W"));
        QCOMPARE(w.shape, std::vector<qint64>({3, 5}));
        QCOMPARE(w.values.size(), std::size_t(15));
        QCOMPARE(w.values[1 * 5 + 2], 12.5f); // C order: W[1][2] = 10 + 2 + 0.5
        const Tensor& conv = tensors->at(1);
        QCOMPARE(conv.shape, std::vector<qint64>({2, 3, 2, 2}));
        QCOMPARE(conv.values[23], 23.0f);
        const Tensor& half = tensors->at(2);
        QCOMPARE(half.values, std::vector<float>({1, -2, 0.5, 65504}));
        QCOMPARE(tensors->at(3).name, QString("b"));
    }

    void readsWhatTheWriterWrites() {
        QTemporaryDir dir;
        Eigen::MatrixXf w(2, 3);
        w << 1, 2, 3, 4, 5, 6;
        const QString path = dir.filePath("step.npz");
        QVERIFY(writeNpz(path, {npyMatrix("W1", w), npyVector("b1", Eigen::VectorXf::Ones(2))}).ok());
        const Result<std::vector<Tensor>> tensors = readNpz(path, everything);
        QVERIFY2(tensors.ok(), qPrintable(tensors.error()));
        QCOMPARE(tensors->size(), std::size_t(2));
        QCOMPARE(tensors->at(0).shape, std::vector<qint64>({2, 3}));
        QCOMPARE(tensors->at(0).values, std::vector<float>({1, 2, 3, 4, 5, 6}));
        QCOMPARE(tensors->at(1).name, QString("b1"));
    }

    void refusesHostileArchives_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("member not .npy") << "hostile_not_npy.npz"
                                         << ": member readme.txt is not a .npy array";
        QTest::newRow("pickle") << "hostile_pickle.npz"
                                << ": a PyTorch pickle, not read: loading a pickle runs";
        QTest::newRow("wrong dtype") << "hostile_int_matrix.npz"
                                     << ": member W.npy: dtype '<i4' is not";
        QTest::newRow("shape vs bytes") << "hostile_short_data.npz"
                                        << ": member W.npy: shape [3, 5] of <f4 does not match the 56 data";
        QTest::newRow("Fortran order") << "hostile_fortran.npz"
                                       << ": member W.npy: Fortran-ordered array";
    }
    void refusesHostileArchives() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const QString path = kData + "/" + file;
        const Result<std::vector<Tensor>> tensors = readNpz(path, everything);
        QVERIFY(!tensors.ok());
        QVERIFY2(tensors.error().startsWith(path + expected), qPrintable(tensors.error()));
    }

    void refusesAMemberWhoseDataFailsItsChecksum() {
        QTemporaryDir dir;
        const QString path = dir.filePath("step.npz");
        QVERIFY(writeNpz(path, {npyVector("b1", Eigen::VectorXf::Constant(64, 1.0f))}).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        const qsizetype firstOne = bytes.indexOf(QByteArray::fromHex("0000803f")); // 1.0f, little-endian
        QVERIFY(firstOne > 0);
        bytes[firstOne + 3] = '\x40'; // the stored CRC-32 no longer matches: 1.0 reads as 2.0
        const Result<std::vector<Tensor>> tensors = parseNpz(bytes, "flipped.npz", everything);
        QVERIFY(!tensors.ok());
        QVERIFY2(tensors.error().startsWith("flipped.npz: member b1.npy: corrupt or truncated: CRC error"),
                 qPrintable(tensors.error()));
    }

    void refusesTruncatedArchives() {
        QFile fixture(kData + "/compressed.npz");
        QVERIFY(fixture.open(QIODevice::ReadOnly));
        const QByteArray bytes = fixture.readAll();
        for (qsizetype length : {qsizetype(0), qsizetype(30), bytes.size() / 2, bytes.size() - 1}) {
            const Result<std::vector<Tensor>> tensors = parseNpz(bytes.left(length), "cut.npz", everything);
            QVERIFY(!tensors.ok());
            QVERIFY2(tensors.error().startsWith("cut.npz: not a readable .npz"), qPrintable(tensors.error()));
        }
        QTemporaryDir dir;
        const QString path = dir.filePath("cut.npz");
        QFile cut(path);
        QVERIFY(cut.open(QIODevice::WriteOnly) && cut.write(bytes.left(bytes.size() / 2)) > 0);
        cut.close();
        QVERIFY(readNpz(path, everything).error().startsWith(path + ": not a readable .npz"));
    }
};

QTEST_GUILESS_MAIN(TestNpzReader)
#include "test_npz_reader.moc"
