// Tests for io/safetensors_reader: a file written after the safetensors README (fixture
// data/model.safetensors, made by data/make_fixtures.py) with F32, BF16 and F16 tensors in natural
// name order, an unwanted integer tensor skipped, and hostile headers refused with one line.
#include "io/safetensors_reader.h"

#include <QFile>
#include <QTest>
#include <QtEndian>

using namespace rankscope;

namespace {

const QString kData = RANKSCOPE_MODEL_DATA_DIR;

bool floatsOnly(const QString& name, const std::vector<qint64>&) {
    return name != "step";
}

// A file with `header` as its JSON and `data` after it; `declaredLength` overrides the length field.
QByteArray safetensors(const QByteArray& header, const QByteArray& data, qint64 declaredLength = -1) {
    QByteArray out(8, '\0');
    qToLittleEndian<quint64>(declaredLength < 0 ? header.size() : declaredLength, out.data());
    return out + header + data;
}

QString parseError(const QByteArray& bytes) {
    const Result<std::vector<Tensor>> tensors =
        parseSafetensors(bytes.constData(), bytes.size(), "m.st", [](auto&&...) { return true; });
    return tensors ? QString() : tensors.error();
}

} // namespace

class TestSafetensorsReader : public QObject {
    Q_OBJECT

private slots:
    void readsFloatTypesInNaturalOrder() {
        const Result<std::vector<Tensor>> tensors = readSafetensors(kData + "/model.safetensors", floatsOnly);
        QVERIFY2(tensors.ok(), qPrintable(tensors.error()));
        QCOMPARE(tensors->size(), std::size_t(3));
        QCOMPARE(tensors->at(0).name, QString("layers.2.weight")); // before layers.10
        QCOMPARE(tensors->at(0).shape, std::vector<qint64>({2, 3}));
        QCOMPARE(tensors->at(0).values, std::vector<float>({1, 2, 3, -4, 0.5, 256}));
        QCOMPARE(tensors->at(1).name, QString("layers.10.weight"));
        QCOMPARE(tensors->at(1).values, std::vector<float>({1, 2, 3, 4}));
        QCOMPARE(tensors->at(2).values, std::vector<float>({1, 2, 3}));
    }

    void refusesAWantedIntegerTensor() {
        const QString path = kData + "/model.safetensors";
        const Result<std::vector<Tensor>> tensors = readSafetensors(path, [](auto&&...) { return true; });
        QVERIFY(!tensors.ok());
        QCOMPARE(tensors.error(), path + ": tensor step: dtype I64 is not a float type RankScope reads (F16, "
                                         "BF16, F32, F64)");
    }

    void refusesHostileHeaders_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray entry = R"({"W": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}})";
        QTest::newRow("too short") << QByteArray("abc") << "m.st: too short for a safetensors file";
        QTest::newRow("header length > file")
            << safetensors(entry, QByteArray(16, 0), 1 << 20)
            << "m.st: safetensors header length 1048576 is larger than the file";
        QTest::newRow("not JSON") << safetensors("{oops", {})
                                  << "m.st: the safetensors header is not a JSON object";
        QTest::newRow("offsets past the end")
            << safetensors(entry, QByteArray(8, 0))
            << "m.st: tensor W: data_offsets [0, 16] lie outside the 8 data bytes";
        QTest::newRow("shape vs bytes")
            << safetensors(R"({"W": {"dtype": "F32", "shape": [3, 2], "data_offsets": [0, 16]}})",
                           QByteArray(16, 0))
            << "m.st: tensor W: shape [3, 2] of F32 does not match its 16 data bytes";
        QTest::newRow("negative dimension")
            << safetensors(R"({"W": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})",
                           QByteArray(4, 0))
            << "m.st: tensor W: expected {\"dtype\": string";
    }
    void refusesHostileHeaders() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString error = parseError(bytes);
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsReader)
#include "test_safetensors_reader.moc"
