// Tests for io/checkpoint_list: run folders, checkpoint folders ordered by the step in their names
// (or by natural order when names have none), temporary names left out, single files, and folders
// with nothing to read.
#include "io/checkpoint_list.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
}

QStringList fileNames(const CheckpointList& list) {
    QStringList names;
    for (const CheckpointFile& file : list.files)
        names << QString("%1:%2").arg(file.step).arg(QFileInfo(file.path).fileName());
    return names;
}

} // namespace

class TestCheckpointList : public QObject {
    Q_OBJECT

private slots:
    void runFolderListsWeightsByStep() {
        QTemporaryDir dir;
        for (const char* name : {"weights/step_00000100.npz", "weights/step_00000050.npz", "metrics.csv",
                                 "weights/.step_00000150.npz.tmp", "weights/step_00000200.npz.aB3xYz"})
            touch(dir.filePath(name));
        const Result<CheckpointList> list = listCheckpoints(dir.path());
        QVERIFY2(list.ok(), qPrintable(list.error()));
        QCOMPARE(list->runFolder, dir.path());
        QCOMPARE(fileNames(list.value()), QStringList({"50:step_00000050.npz", "100:step_00000100.npz"}));
    }

    void emptyRunFolderIsNoError() { // a probe that has not saved yet
        QTemporaryDir dir;
        touch(dir.filePath("config.json"));
        const Result<CheckpointList> list = listCheckpoints(dir.path());
        QVERIFY(list.ok() && list->files.isEmpty());
    }

    void folderOrdersByStepNumbers() {
        QTemporaryDir dir;
        for (const char* name :
             {"checkpoint-10.safetensors", "checkpoint-9.safetensors", "checkpoint-100.npz", "notes.txt"})
            touch(dir.filePath(name));
        QCOMPARE(fileNames(listCheckpoints(dir.path()).value()),
                 QStringList({"9:checkpoint-9.safetensors", "10:checkpoint-10.safetensors",
                              "100:checkpoint-100.npz"}));
    }

    void folderWithoutStepsUsesNaturalOrder() {
        QTemporaryDir dir;
        for (const char* name : {"final.npz", "best.npz", "epoch2.npz"})
            touch(dir.filePath(name));
        QCOMPARE(fileNames(listCheckpoints(dir.path()).value()),
                 QStringList({"0:best.npz", "1:epoch2.npz", "2:final.npz"}));
    }

    void singleFile() {
        QTemporaryDir dir;
        touch(dir.filePath("model.safetensors"));
        QCOMPARE(fileNames(listCheckpoints(dir.filePath("model.safetensors")).value()),
                 QStringList({"0:model.safetensors"}));
        QCOMPARE(stepInName("step_00000050.npz"), std::optional<qint64>(50));
        QCOMPARE(stepInName("model.safetensors"), std::nullopt);
    }

    void nothingToReadIsOneLine() {
        QTemporaryDir dir;
        QCOMPARE(listCheckpoints(dir.path()).error(),
                 dir.path() + ": no checkpoints in this folder (*.npz or *.safetensors)");
        touch(dir.filePath("model.pt"));
        QVERIFY(
            listCheckpoints(dir.path()).error().startsWith(dir.filePath("model.pt") + ": a PyTorch pickle"));
        QVERIFY(listCheckpoints(dir.filePath("model.pt")).error().contains("runs arbitrary code"));
        QCOMPARE(listCheckpoints(dir.filePath("none")).error(),
                 dir.filePath("none") + ": no such file or folder");
    }
};

QTEST_GUILESS_MAIN(TestCheckpointList)
#include "test_checkpoint_list.moc"
