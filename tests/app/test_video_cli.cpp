// Headless videos through the real executable: the default preset's video (2 s at 30 fps, 1280 × 720)
// has exactly 60 frames of that size (ffprobe) and is byte-identical when made again; a GIF and a PNG
// sequence of the same run have as many frames; without ffmpeg on PATH a video is refused with one
// line saying how to install it, and the PNG sequence is still written; outputs that cannot be
// written are refused before training.
#include "rankscope_process.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Few steps keep the test quick: every step is then a history point, every second one a frame.
const QStringList kRun = {"--headless", "--preset", "default", "--steps", "120"};

// "width,height,frames" of the first video stream, counted by decoding every frame.
QString probe(const QString& path) {
    QProcess ffprobe;
    ffprobe.start("ffprobe", {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                              "stream=width,height,nb_read_frames", "-of", "csv=p=0", path});
    if (!ffprobe.waitForFinished(60000))
        return "ffprobe did not finish";
    return QString::fromUtf8(ffprobe.readAllStandardOutput()).trimmed();
}

QByteArray sha256(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestVideoCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable("ffprobe").isEmpty(),
                 "ffprobe is missing: sudo apt-get install ffmpeg (.ci/setup installs it)");
    }

    void theDefaultVideoHasSixtyFramesAndIsReproducible() {
        QTemporaryDir dir;
        for (const QString name : {"a.mp4", "b.mp4"}) {
            const RankscopeOutcome outcome =
                runRankscope(kRun + QStringList{"--out", dir.filePath("run-" + name), "--export-video",
                                                dir.filePath(name)},
                             300000);
            QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        }
        QCOMPARE(probe(dir.filePath("a.mp4")), QString("1280,720,60"));
        QVERIFY(!sha256(dir.filePath("a.mp4")).isEmpty());
        QCOMPARE(sha256(dir.filePath("a.mp4")), sha256(dir.filePath("b.mp4")));
        QVERIFY(!QFile::exists(dir.filePath("a.mp4.partial")));
    }

    void aGifAndAPngSequenceHaveTheSameFrames() {
        QTemporaryDir dir;
        const RankscopeOutcome outcome = runRankscope(
            kRun + QStringList{"--out", dir.filePath("run"), "--export-video", dir.filePath("v.gif"),
                               "--video-frames-dir", dir.filePath("frames"), "--fps", "10", "--video-seconds",
                               "3", "--video-size", "640x360", "--video-panel", "rank", "--theme", "talk"},
            300000);
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QCOMPARE(probe(dir.filePath("v.gif")), QString("640,360,30"));
        const QStringList frames =
            QDir(dir.filePath("frames")).entryList({"frame_*.png"}, QDir::Files, QDir::Name);
        QCOMPARE(frames.size(), 30);
        QCOMPARE(frames.first(), QString("frame_00001.png"));
        QCOMPARE(frames.last(), QString("frame_00030.png"));
        QCOMPARE(QImageReader(dir.filePath("frames/" + frames.last())).size(), QSize(640, 360));
    }

    void withoutFfmpegAVideoIsRefusedAndPngFramesStillWork() {
        QTemporaryDir dir, emptyPath;
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("PATH", emptyPath.path());
        process.setProcessEnvironment(environment);
        const RankscopeOutcome refused =
            runRankscope(process, kRun + QStringList{"--out", dir.filePath("run"), "--export-video",
                                                     dir.filePath("v.mp4")});
        QVERIFY2(refused.exitCode == 2, qPrintable(refused.err));
        QCOMPARE(refused.err.trimmed().count('\n'), 0);
        QVERIFY2(refused.err.contains("ffmpeg is not installed") &&
                     refused.err.contains("sudo apt-get install ffmpeg"),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(dir.filePath("v.mp4")));
        QVERIFY(!QFile::exists(dir.filePath("run"))); // refused before anything was written

        QProcess framesOnly;
        framesOnly.setProcessEnvironment(environment);
        const RankscopeOutcome written =
            runRankscope(framesOnly, kRun + QStringList{"--out", dir.filePath("run2"), "--video-frames-dir",
                                                        dir.filePath("frames")});
        QVERIFY2(written.exitCode == 0, qPrintable(written.err));
        QCOMPARE(QDir(dir.filePath("frames")).entryList({"frame_*.png"}, QDir::Files).size(), 60);
    }

    void oneFigurePanelFillsTheSlide() {
        QTemporaryDir dir;
        const QStringList slide{"--figure-preset", "slide-16x9"};
        for (const QStringList& panel : {QStringList{}, QStringList{"--figure-panel", "rank"}}) {
            const QString name = panel.isEmpty() ? "dashboard" : "rank";
            const RankscopeOutcome outcome = runRankscope(
                kRun + QStringList{"--out", dir.filePath(name), "--export", dir.filePath(name + ".png")} +
                slide + panel);
            QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
            QCOMPARE(QImageReader(dir.filePath(name + ".png")).size(), QSize(1920, 1080));
        }
        QVERIFY(sha256(dir.filePath("rank.png")) != sha256(dir.filePath("dashboard.png")));
    }

    // Bad media options and unwritable outputs: one line naming the option, nothing written.
    void badVideoOptionsAreOneLine_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("format") << QStringList{"--export-video", "v.avi"}
                                << "--export-video v.avi: the file must end in .mp4";
        QTest::newRow("fps") << QStringList{"--export-video", "v.mp4", "--fps", "0"}
                             << "--fps 0: expected a number > 0";
        QTest::newRow("size") << QStringList{"--export-video", "v.mp4", "--video-size", "641x360"}
                              << "--video-size 641x360";
        QTest::newRow("panel") << QStringList{"--export-video", "v.mp4", "--video-panel", "nope"}
                               << "--video-panel nope: expected one of";
        QTest::newRow("fps alone") << QStringList{"--fps", "10"}
                                   << "--fps needs --export-video FILE or --video-frames-dir DIR";
        QTest::newRow("preset") << QStringList{"--export", "f.png", "--figure-preset", "huge"}
                                << "--figure-preset huge: expected one of";
        QTest::newRow("figure panel") << QStringList{"--export", "f.png", "--figure-panel", "nope"}
                                      << "--figure-panel nope: expected one of";
        QTest::newRow("figure panel alone")
            << QStringList{"--figure-panel", "rank"} << "--figure-panel needs --export FILE";
        // Outputs that cannot be written are refused before training (/proc takes no new files, even
        // for root).
        QTest::newRow("video folder") << QStringList{"--export-video", "/proc/v.mp4"}
                                      << "--export-video /proc/v.mp4: cannot write in the folder /proc";
        QTest::newRow("missing folder") << QStringList{"--export-video", "/nonexistent/v.mp4"}
                                        << "--export-video /nonexistent/v.mp4: the folder /nonexistent does "
                                           "not exist";
        QTest::newRow("frames folder") << QStringList{"--video-frames-dir", "/proc/frames"}
                                       << "--video-frames-dir /proc/frames: cannot create the folder";
        QTest::newRow("figure folder") << QStringList{"--export", "/proc/f.png"}
                                       << "--export /proc/f.png: cannot write in the folder /proc";
    }
    void badVideoOptionsAreOneLine() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const RankscopeOutcome outcome =
            runRankscope(kRun + QStringList{"--out", dir.filePath("run")} + arguments);
        const QString problem = badInputProblem(outcome, message);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!QFile::exists(dir.filePath("run"))); // refused before anything was written
    }
};

QTEST_MAIN(TestVideoCli)
#include "test_video_cli.moc"
