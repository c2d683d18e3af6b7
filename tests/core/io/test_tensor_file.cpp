// Tests for io/tensor_file: dispatch by suffix, and pickles refused unread by suffix or by their
// first bytes, with the conversion to safetensors and npz in the message.
#include "io/tensor_file.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

const QString kData = RANKSCOPE_MODEL_DATA_DIR;

bool everything(const QString&, const std::vector<qint64>&) {
    return true;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return path;
}

} // namespace

class TestTensorFile : public QObject {
    Q_OBJECT

private slots:
    void readsBothFormats() {
        QVERIFY(isTensorFile("a/b.NPZ") && isTensorFile("m.safetensors") && !isTensorFile("m.pt"));
        QVERIFY(readTensorFile(kData + "/compressed.npz", [](auto&, auto& shape) {
                    return !shape.empty();
                }).ok());
        QVERIFY(readTensorFile(kData + "/model.safetensors", [](auto& name, auto&) {
                    return name != "step";
                }).ok());
    }

    void refusesPickles() {
        QTemporaryDir dir;
        const QByteArray pickle("\x80\x02}q\x00.", 6);
        for (const QString& path :
             {writeFile(dir, "model.pt", pickle), writeFile(dir, "model.pth", "x"),
              writeFile(dir, "pytorch_model.bin", "x"), writeFile(dir, "last.ckpt", "x"),
              writeFile(dir, "renamed.npz", pickle)}) {
            const Result<std::vector<Tensor>> tensors = readTensorFile(path, everything);
            QVERIFY(!tensors.ok());
            const QStringList lines = tensors.error().split('\n');
            QCOMPARE(lines.size(), 3);
            QCOMPARE(lines[0], path + ": a PyTorch pickle, not read: loading a pickle runs arbitrary code. "
                                      "Convert it in Python to");
            QVERIFY(lines[1].contains("save_file(model.state_dict(), \"model.safetensors\")"));
            QVERIFY(lines[2].contains("numpy.savez(\"model.npz\""));
        }
    }

    void namesUnknownAndMissingFiles() {
        QTemporaryDir dir;
        const QString text = writeFile(dir, "notes.txt", "hello");
        QCOMPARE(readTensorFile(text, everything).error(),
                 text + ": not a model file RankScope reads (expected .npz or .safetensors)");
        const QString missing = dir.filePath("none.npz");
        QCOMPARE(readTensorFile(missing, everything).error(), missing + ": no such file");
    }
};

QTEST_GUILESS_MAIN(TestTensorFile)
#include "test_tensor_file.moc"
