// Hostile and absurd input on the command line, through the real executable.
// A table of cases, each checked against the contract (docs/reliability.md): odd-but-legitimate
// values train (exit 0); bad values, files and folders exit 2 with one stderr line naming the key,
// value, file or folder, and leave no complete-looking metrics.csv or figure; a diverging run exits
// 3 with "diverged at step N". A full disk is simulated without root by RLIMIT_FSIZE in the child
// (writes past the limit fail with EFBIG, as they would with ENOSPC), with SIGXFSZ ignored; the
// message gives the system's reason ("File too large" here, "No space left on device" on a full disk).
#include "rankscope_process.h"
#include "write_file.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <csignal>
#include <sys/resource.h>

namespace {

// A small network and data set: every case runs in well under a second.
const QStringList kSmallRun = {"--headless",
                               "--steps",
                               "20",
                               "--metrics-every",
                               "10",
                               "--set",
                               "model.hidden=16,16",
                               "--set",
                               "data.train_size=256",
                               "--set",
                               "data.test_size=64"};

QByteArray bigEndian(std::initializer_list<quint32> words) {
    QByteArray bytes;
    for (quint32 word : words) {
        const quint32 value = qToBigEndian(word);
        bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    return bytes;
}

// In the child: file writes beyond `bytes` fail as on a full disk.
std::function<void()> diskFullAfter(rlim_t bytes) {
    return [bytes] {
        std::signal(SIGXFSZ, SIG_IGN); // else the kernel kills the writer; ignored survives exec
        const rlimit limit{bytes, bytes};
        setrlimit(RLIMIT_FSIZE, &limit);
    };
}

} // namespace

class TestHostileInput : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString out(const char* tag) const { return path(QString("out-%1").arg(tag)); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        writeFile(path("header-only.csv"), "x1,x2,label\n");
        writeFile(path("one-column.csv"), "label\n0\n1\n0\n");
        QByteArray sameLabel = "x1,x2,label\n";
        for (int i = 0; i < 40; ++i)
            sameLabel += QByteArray::number(i) + "," + QByteArray::number(2 * i) + ",3\n";
        writeFile(path("same-label.csv"), sameLabel);
        QVERIFY(QDir().mkpath(path("idx-empty")));
        for (const char* set : {"train", "t10k"}) {
            writeFile(path("idx-empty/%1-images-idx3-ubyte").arg(set), bigEndian({0x803, 0, 28, 28}));
            writeFile(path("idx-empty/%1-labels-idx1-ubyte").arg(set), bigEndian({0x801, 0}));
        }
        writeFile(path("a-file"), "not a folder\n");
        writeFile(
            path("newer-version.json"),
            R"({"name": "from the future", "train": {"batch_size": 8, "warp_drive": true}, "hologram": {}})");
    }

    // Odd but legitimate: the run trains to the end.
    void oddValuesTrain_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("batch > train_size (full batch)") << QStringList{"--set", "train.batch_size=100000"};
        QTest::newRow("batch 1") << QStringList{"--set", "train.batch_size=1"};
        QTest::newRow("lr 0") << QStringList{"--set", "train.lr=0"};
        QTest::newRow("wd 0") << QStringList{"--set", "train.weight_decay=0"};
        QTest::newRow("width 1") << QStringList{"--set", "model.hidden=1,1"};
        QTest::newRow("depth 0 (linear)") << QStringList{"--set", "model.hidden="};
        QTest::newRow("depth 30") << QStringList{"--set", "model.hidden=" + QStringList(30, "8").join(',')};
        QTest::newRow("full batch") << QStringList{"--set", "train.full_batch=true"};
        QTest::newRow("test_size 0") << QStringList{"--set", "data.test_size=0"};
        QTest::newRow("steps 0") << QStringList{"--steps", "0"};
    }
    void oddValuesTrain() {
        QFETCH(QStringList, arguments);
        const QString folder = out(QTest::currentDataTag());
        const RankscopeOutcome outcome = runRankscope(kSmallRun + arguments + QStringList{"--out", folder});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QVERIFY(QFile::exists(folder + "/metrics.csv"));
        QVERIFY(!QFile::exists(folder + "/metrics.csv.partial"));
    }

    // Bad input: exit 2, one line naming the culprit, no complete-looking metrics.csv.
    void badInputIsNamed_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const auto set = [](const QString& assignment) { return QStringList{"--set", assignment}; };
        QTest::newRow("batch 0") << set("train.batch_size=0") << "train.batch_size = 0";
        QTest::newRow("lr negative") << set("train.lr=-0.1") << "train.lr = -0.1";
        QTest::newRow("lr 1e30") << set("train.lr=1e30") << "train.lr = 1e+30";
        QTest::newRow("lr NaN") << set("train.lr=nan") << "train.lr = nan";
        QTest::newRow("lr inf") << set("train.lr=inf") << "train.lr = inf";
        QTest::newRow("wd negative") << set("train.weight_decay=-1") << "train.weight_decay = -1";
        QTest::newRow("wd 1e30") << set("train.weight_decay=1e30") << "train.weight_decay = 1e+30";
        QTest::newRow("width 0") << set("model.hidden=16,0") << "model.hidden = 0";
        QTest::newRow("depth 65") << set("model.hidden=" + QStringList(65, "8").join(','))
                                  << "model.hidden has 65";
        QTest::newRow("width 4096") << set("model.hidden=4096") << "model.hidden = 4096";
        QTest::newRow("model too big")
            << set("model.hidden=" + QStringList(8, "2048").join(',')) << "parameters";
        QTest::newRow("train_size 0") << set("data.train_size=0") << "data.train_size = 0";
        QTest::newRow("classes 1") << set("data.classes=1") << "data.classes = 1";
        QTest::newRow("csv header only")
            << (set("data.kind=csv") + set("data.path=" + path("header-only.csv"))) << "header-only.csv";
        QTest::newRow("csv one column")
            << (set("data.kind=csv") + set("data.path=" + path("one-column.csv"))) << "one-column.csv";
        QTest::newRow("csv one class")
            << (set("data.kind=csv") + set("data.path=" + path("same-label.csv")) + set("data.test_size=8"))
            << "same-label.csv: every training label is 3";
        QTest::newRow("idx 0 items") << (set("data.kind=idx") + set("data.path=" + path("idx-empty")))
                                     << "idx-empty";
        QTest::newRow("--out is a file") << QStringList{"--out", path("a-file")} << "a-file: is a file";
        QTest::newRow("--out cannot be created")
            << QStringList{"--out", "/proc/rankscope-hostile/out"} << "/proc/rankscope-hostile/out";
        QTest::newRow("--export-png into a missing folder")
            << QStringList{"--export-png", path("missing/figure.png")} << path("missing");
        QTest::newRow("--steps -1") << QStringList{"--steps", "-1"} << "--steps -1";
        QTest::newRow("--steps huge") << QStringList{"--steps", "1e40"} << "--steps 1e40";
        QTest::newRow("--metrics-every 0") << QStringList{"--metrics-every", "0"} << "--metrics-every 0";
        QTest::newRow("--set garbage value") << set("train.batch_size=eight") << "\"eight\"";
        QTest::newRow("--set without key") << set("=5") << "--set =5";
        QTest::newRow("--set unknown key") << set("train.warp=1") << "train.warp";
    }
    void badInputIsNamed() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const QString folder = out(QTest::currentDataTag());
        const RankscopeOutcome outcome = runRankscope(kSmallRun + QStringList{"--out", folder} + arguments);
        const QString problem = badInputProblem(outcome, mentions);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!QFile::exists(folder + "/metrics.csv"));
    }

    void divergenceExitsThree() {
        const RankscopeOutcome outcome =
            runRankscope(kSmallRun + QStringList{"--set", "train.lr=1e5", "--out", out("diverged")});
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.startsWith("diverged at step "), qPrintable(outcome.err));
    }

    // A preset from a newer RankScope: every unknown key is a warning naming it; the run goes on.
    void newerPresetWarnsAndRuns() {
        const RankscopeOutcome outcome = runRankscope(
            kSmallRun + QStringList{"--preset", path("newer-version.json"), "--out", out("newer")});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        for (const char* key : {"train.warp_drive", "hologram"})
            QVERIFY2(outcome.err.contains(
                         QString("warning: %1: unknown key %2").arg(path("newer-version.json"), key)),
                     qPrintable(outcome.err));
    }

    // The disk fills while metrics.csv grows: exit 2 naming the file; the rows stay in the .partial.
    void fullDiskDuringMetricsLeavesOnlyThePartialFile() {
        const QString folder = out("full-disk");
        const RankscopeOutcome outcome =
            runRankscope(kSmallRun + QStringList{"--steps", "2000", "--metrics-every", "1", "--out", folder},
                         120000, diskFullAfter(16384));
        const QString problem = badInputProblem(outcome, "metrics.csv.partial: cannot write: File too large");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!QFile::exists(folder + "/metrics.csv"));
        QVERIFY(QFile::exists(folder + "/metrics.csv.partial"));
    }

    // The disk fills while the weights are saved: no complete-looking .npz.
    void fullDiskDuringWeightsLeavesNoNpz() {
        const QString folder = out("full-disk-weights");
        const RankscopeOutcome outcome =
            runRankscope(kSmallRun + QStringList{"--set", "model.hidden=256,256", "--save-weights-every",
                                                 "10", "--out", folder},
                         120000, diskFullAfter(65536)); // a step's weights take ~330 KB
        const QString problem = badInputProblem(outcome, "step_00000000.npz: cannot write: File too large");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(QDir(folder + "/weights").entryList({"*.npz"}, QDir::Files).isEmpty());
        QVERIFY(!QFile::exists(folder + "/metrics.csv"));
    }

    // The disk fills while the figure is written: exit 2, and an earlier good figure is untouched.
    void fullDiskDuringFigureKeepsTheEarlierFigure() {
        const QString figure = path("earlier.png");
        writeFile(figure, "an earlier good figure");
        const RankscopeOutcome outcome = runRankscope(
            kSmallRun + QStringList{"--export-png", figure, "--out", out("full-disk-figure")}, 120000,
            diskFullAfter(32768)); // the figure is several hundred KB, metrics.csv ~2 KB
        const QString problem = badInputProblem(outcome, "earlier.png");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QFile earlier(figure);
        QVERIFY(earlier.open(QIODevice::ReadOnly));
        QCOMPARE(earlier.readAll(), QByteArray("an earlier good figure"));
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "test_hostile_input.moc"
