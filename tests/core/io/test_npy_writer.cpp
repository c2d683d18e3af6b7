// Tests for io/npy_writer: .npy files checked byte by byte against numpy.lib.format, .npz members
// against PKWARE APPNOTE's local headers (the CRC-32 is recomputed here bit by bit, independently of
// libzip and zlib), then read back by numpy itself when a python3 with numpy is installed (else skipped):
// values, dtype, shape and C order of a non-square W [out, in] and a dataset x [N, d].
#include "io/npy_writer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace rankscope;

namespace {

// W(i, j) = 10 i + j + 0.5, a 3 x 5 [out, in] matrix (non-square, so a transposed file shows).
Eigen::MatrixXf testWeights() {
    Eigen::MatrixXf w(3, 5);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 5; ++j)
            w(i, j) = 10.0f * i + j + 0.5f;
    return w;
}

// x(k, n) = 100 n + k: d = 4 features of N = 3 samples, stored as Eigen columns [d, N].
Eigen::MatrixXf testSamples() {
    Eigen::MatrixXf x(4, 3);
    for (int k = 0; k < 4; ++k)
        for (int n = 0; n < 3; ++n)
            x(k, n) = 100.0f * n + k;
    return x;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

quint16 u16(const QByteArray& bytes, qsizetype at) {
    return qFromLittleEndian<quint16>(bytes.constData() + at);
}
quint32 u32(const QByteArray& bytes, qsizetype at) {
    return qFromLittleEndian<quint32>(bytes.constData() + at);
}

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit.
quint32 referenceCrc32(const QByteArray& bytes) {
    quint32 crc = 0xFFFFFFFFu;
    for (char byte : bytes) {
        crc ^= static_cast<unsigned char>(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

template <typename T> QByteArray littleEndian(std::initializer_list<T> values) {
    QByteArray out;
    for (T value : values) {
        const T le = qToLittleEndian(value);
        out.append(reinterpret_cast<const char*>(&le), sizeof le);
    }
    return out;
}

// A python3 that can import numpy, or empty.
QString pythonWithNumpy() {
    for (const QString& candidate : {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")}) {
        QProcess process;
        process.start(candidate, {"-c", "import numpy"});
        if (process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
            process.exitCode() == 0)
            return candidate;
    }
    return {};
}

} // namespace

class TestNpyWriter : public QObject {
    Q_OBJECT

private slots:
    void npyHeaderIsPaddedTo64Bytes() {
        for (const std::vector<qint64>& shape :
             std::vector<std::vector<qint64>>{{}, {7}, {3, 5}, {123456789, 2, 3}}) {
            const QByteArray header = npyHeader({"a", NpyArray::Type::Float32, shape, {}});
            QCOMPARE(header.size() % 64, 0);
            QCOMPARE(qsizetype(u16(header, 8)) + 10, header.size());
            QVERIFY(header.endsWith(" \n") || header.endsWith("}\n"));
        }
        QVERIFY(npyHeader({"s", NpyArray::Type::Int64, {}, {}}).contains("'shape': (), }"));
        QVERIFY(npyHeader({"v", NpyArray::Type::Int64, {7}, {}}).contains("'shape': (7,), }"));
    }

    void writesNpyByteByByte() {
        QTemporaryDir dir;
        const QString path = dir.filePath("w.npy");
        QVERIFY(writeNpy(path, npyMatrix("W1", testWeights())).ok());

        const QByteArray dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }";
        QByteArray expected = QByteArray("\x93NUMPY\x01\x00", 8) + littleEndian<quint16>({118}) + dict +
                              QByteArray(58, ' ') + '\n';
        QCOMPARE(expected.size(), 128);
        for (int i = 0; i < 3; ++i) // C order: row by row
            for (int j = 0; j < 5; ++j)
                expected += littleEndian<float>({10.0f * i + j + 0.5f});
        QCOMPARE(readAll(path), expected);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"w.npy"}); // no temporary left
    }

    void layoutsFollowTheConventions() {
        const NpyArray x = npySamples("x", testSamples());
        QCOMPARE(x.shape, std::vector<qint64>({3, 4})); // [N, d]
        QCOMPARE(x.data, littleEndian<float>({0, 1, 2, 3, 100, 101, 102, 103, 200, 201, 202, 203}));

        const NpyArray y = npyLabels("y", {0, 7, -1, 2147483647});
        QCOMPARE(y.type, NpyArray::Type::Int64);
        QCOMPARE(y.shape, std::vector<qint64>({4}));
        QCOMPARE(y.data, littleEndian<qint64>({0, 7, -1, 2147483647}));

        const NpyArray b = npyVector("b1", Eigen::VectorXf::LinSpaced(3, 1, 3));
        QCOMPARE(b.shape, std::vector<qint64>({3}));
        QCOMPARE(b.data, littleEndian<float>({1, 2, 3}));
    }

    // The ZIP container is libzip's; checked here: members stored verbatim in order, each after a
    // local file header with method 0 (stored), the fixed 1980-01-01 date and the right CRC-32.
    void writesNpzStoredAndDeterministic() {
        QTemporaryDir dir;
        const NpyArray labels = npyLabels("y", {0, 7, -1, 2147483647});
        const NpyArray weights = npyMatrix("W1", testWeights());
        const QString path = dir.filePath("a.npz");
        QVERIFY(writeNpz(path, {labels, weights}).ok());
        const QByteArray zip = readAll(path);

        qsizetype at = 0;
        for (const NpyArray* array : {&labels, &weights}) {
            const QByteArray name = (array->name + ".npy").toUtf8();
            const QByteArray npy = npyHeader(*array) + array->data;
            QCOMPARE(u32(zip, at), 0x04034b50u); // local file header
            QCOMPARE(u16(zip, at + 8), 0);       // stored
            QCOMPARE(u16(zip, at + 12), 0x21);   // 1980-01-01
            QCOMPARE(u32(zip, at + 14), referenceCrc32(npy));
            QCOMPARE(u32(zip, at + 18), quint32(npy.size()));
            QCOMPARE(u32(zip, at + 22), quint32(npy.size()));
            QCOMPARE(zip.mid(at + 30, name.size()), name);
            at += 30 + u16(zip, at + 26) + u16(zip, at + 28);
            QCOMPARE(zip.mid(at, npy.size()), npy);
            at += npy.size();
        }
        QCOMPARE(u32(zip, at), 0x02014b50u); // the central directory follows

        QVERIFY(writeNpz(dir.filePath("b.npz"), {labels, weights}).ok()); // deterministic bytes
        QCOMPARE(readAll(dir.filePath("b.npz")), zip);
        QCOMPARE(QFile::permissions(path) & QFile::ReadOther, QFile::ReadOther); // like any new file
    }

    void errorsNameTheFile() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("no/such/dir/w.npy");
        const Status npy = writeNpy(missing, npyMatrix("W1", testWeights()));
        QVERIFY(!npy.ok());
        QVERIFY2(npy.error().startsWith(missing + ": cannot write"), qPrintable(npy.error()));
        const QString missingNpz = dir.filePath("no/such/dir/step.npz");
        const Status npz = writeNpz(missingNpz, {npyMatrix("W1", testWeights())});
        QVERIFY2(npz.error().startsWith(missingNpz + ": cannot write"), qPrintable(npz.error()));

        const QString path = dir.filePath("bad.npz");
        const NpyArray w = npyMatrix("W1", testWeights());
        QVERIFY(writeNpz(path, {w, w}).error().startsWith(path + ": array names must be distinct"));
        NpyArray truncated = w;
        truncated.data.chop(4);
        QCOMPARE(writeNpz(path, {truncated}).error(),
                 path + ": array W1 has 56 bytes of data but its shape needs 60");
        QVERIFY(!QFile::exists(path));
    }

    void numpyReadsTheFiles() {
        const QString python = pythonWithNumpy();
        if (python.isEmpty())
            QSKIP("python3 with numpy is not installed (Debian: python3-numpy)");
        QTemporaryDir dir;
        const Eigen::MatrixXf w = testWeights();
        QVERIFY(writeNpy(dir.filePath("w.npy"), npyMatrix("W1", w)).ok());
        QVERIFY(writeNpy(dir.filePath("x.npy"), npySamples("x", testSamples())).ok());
        QVERIFY(writeNpy(dir.filePath("y.npy"), npyLabels("y", {0, 7, -1, 2147483647})).ok());
        QVERIFY(writeNpz(dir.filePath("step.npz"),
                         {npyMatrix("W1", w), npyVector("b1", Eigen::VectorXf::LinSpaced(3, 1, 3)),
                          npyMatrix("W2", w.transpose()), npyLabels("empty", {})})
                    .ok());
        const char* script = R"(
import sys, zipfile, numpy as np
d = sys.argv[1]
expected_w = np.fromfunction(lambda i, j: 10 * i + j + 0.5, (3, 5), dtype=np.float32)
w = np.load(d + '/w.npy')
assert w.dtype == np.float32 and w.shape == (3, 5) and w.flags.c_contiguous, (w.dtype, w.shape)
assert np.array_equal(w, expected_w), w
x = np.load(d + '/x.npy')
assert x.dtype == np.float32 and x.shape == (3, 4), (x.dtype, x.shape)
assert np.array_equal(x, np.fromfunction(lambda n, k: 100 * n + k, (3, 4), dtype=np.float32)), x
y = np.load(d + '/y.npy')
assert y.dtype == np.int64 and y.shape == (4,) and y.tolist() == [0, 7, -1, 2147483647], y
assert zipfile.ZipFile(d + '/step.npz').testzip() is None
with np.load(d + '/step.npz') as z:
    assert z.files == ['W1', 'b1', 'W2', 'empty'], z.files
    assert np.array_equal(z['W1'], expected_w) and z['W1'].dtype == np.float32
    assert np.array_equal(z['W2'], expected_w.T) and z['W2'].shape == (5, 3)
    assert z['b1'].tolist() == [1.0, 2.0, 3.0]
    assert z['empty'].shape == (0,) and z['empty'].dtype == np.int64
print('numpy ok')
)";
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(python, {"-c", script, dir.path()});
        QVERIFY(process.waitForFinished(60000));
        const QByteArray output = process.readAll();
        QVERIFY2(process.exitCode() == 0 && output.contains("numpy ok"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestNpyWriter)
#include "test_npy_writer.moc"
