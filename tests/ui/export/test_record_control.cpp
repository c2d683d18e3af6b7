// The window's Record control, offscreen: recording the dashboard of a training run and stopping
// gives a playable MP4 with as many frames as were encoded (ffprobe decodes every one), while the
// GUI keeps drawing and the run keeps training.
#include "main_window.h"
#include "small_runs.h"
#include "video/record_control.h"

#include <QAction>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

int decodedFrames(const QString& path) {
    QProcess ffprobe;
    ffprobe.start("ffprobe", {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                              "stream=nb_read_frames", "-of", "csv=p=0", path});
    ffprobe.waitForFinished(60000);
    return QString::fromUtf8(ffprobe.readAllStandardOutput()).trimmed().toInt();
}

} // namespace

class TestRecordControl : public QObject {
    Q_OBJECT
private slots:
    void recordThenStopGivesAPlayableVideo() {
        QVERIFY2(!QStandardPaths::findExecutable("ffmpeg").isEmpty(),
                 "ffmpeg is missing: sudo apt-get install ffmpeg (.ci/setup installs it)");
        QTemporaryDir dir;
        MainWindow window(smallRun());
        window.resize(1200, 800);
        window.show();
        auto* record = window.findChild<RecordControl*>();
        QVERIFY(record);
        window.toggleRunning();
        const QString path = dir.filePath("recording.mp4");
        QVERIFY(record->startRecording(path).ok());
        QVERIFY(record->action()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(record->recorder().framesWritten() >= 10, 30000);
        const std::int64_t trainedWhileRecording = window.shownSnapshot()->step;

        QSignalSpy finished(&record->recorder(), &ScreenRecorder::finished);
        record->action()->trigger(); // the user stops it
        QVERIFY(!record->action()->isChecked());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(2).toString(), QString()); // no error
        const int frames = finished.first().at(1).toInt();
        QVERIFY(frames >= 10);
        QVERIFY(QFile::exists(path));
        QCOMPARE(decodedFrames(path), frames);
        QTRY_VERIFY(window.shownSnapshot()->step > trainedWhileRecording);
    }

    void withoutFfmpegRecordingIsRefusedWithTheInstallLine() {
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        MainWindow window(smallRun());
        auto* record = window.findChild<RecordControl*>();
        QTemporaryDir dir;
        const Status started = record->startRecording(dir.filePath("v.mp4"));
        qputenv("PATH", path);
        QVERIFY(!started.ok());
        QVERIFY(started.error().contains("sudo apt-get install ffmpeg"));
        QVERIFY(!record->action()->isChecked());
    }
};

QTEST_MAIN(TestRecordControl)
#include "test_record_control.moc"
