// Tests for session/checkpoint_watcher: a checkpoint is reported once, after it has settled; a
// temporary name is never reported; a failed file is reported again only after it changes.
#include "session/checkpoint_watcher.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

void writeBytes(const QString& path, const QByteArray& bytes,
                QIODevice::OpenMode mode = QIODevice::WriteOnly) {
    QFile file(path);
    QVERIFY(file.open(mode) && file.write(bytes) == bytes.size());
}

} // namespace

class TestCheckpointWatcher : public QObject {
    Q_OBJECT

private slots:
    void reportsEachSettledCheckpointOnce() {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("weights"));
        writeBytes(dir.filePath("config.json"), "{}");
        CheckpointWatcher watcher(dir.path(), 50);
        QSignalSpy arrived(&watcher, &CheckpointWatcher::checkpointArrived);
        watcher.start();
        writeBytes(dir.filePath("weights/step_00000010.npz"), "data");
        writeBytes(dir.filePath("weights/.step_00000020.npz.tmp"), "half");
        QTRY_COMPARE(arrived.size(), 1);
        QCOMPARE(arrived[0][0].value<CheckpointFile>().step, 10);
        QTest::qWait(300); // several polls: nothing is reported twice, the temporary name never
        QCOMPARE(arrived.size(), 1);

        watcher.retryWhenChanged(arrived[0][0].value<CheckpointFile>());
        QTest::qWait(200);
        QCOMPARE(arrived.size(), 1); // unchanged: not reported again
        writeBytes(dir.filePath("weights/step_00000010.npz"), " more", QIODevice::Append);
        QTRY_COMPARE(arrived.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCheckpointWatcher)
#include "test_checkpoint_watcher.moc"
