// The command line end to end, as scripts use it: the rankscope executable is run with QProcess and
// its files, stderr and exit status are checked against DESIGN.md's command-line contract.
#include "rankscope_process.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

using Outcome = RankscopeOutcome;

QList<QStringList> readCsv(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QStringList> rows;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (!line.isEmpty())
            rows.append(QString::fromUtf8(line).split(','));
    return rows;
}

// Column `name` of a CSV as numbers.
QList<double> column(const QList<QStringList>& rows, const QString& name) {
    const qsizetype index = rows.value(0).indexOf(name);
    QList<double> values;
    for (qsizetype r = 1; r < rows.size() && index >= 0; ++r)
        values.append(rows[r][index].toDouble());
    return values;
}

// Every column but time_s, which is wall-clock time.
QList<QStringList> withoutTime(QList<QStringList> rows) {
    const qsizetype index = rows.value(0).indexOf("time_s");
    for (QStringList& row : rows)
        row.removeAt(index);
    return rows;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void listsPresets() {
        const Outcome outcome = runRankscope({"--list-presets"});
        QCOMPARE(outcome.exitCode, 0);
        for (const char* name :
             {"default", "large-batch", "no-weight-decay", "janus-linear", "fashion-mnist"})
            QVERIFY2(outcome.out.contains(name), name);
        // Every name stands apart from its title, however long the name.
        for (const QString& line : outcome.out.split('\n', Qt::SkipEmptyParts))
            QVERIFY2(QRegularExpression(R"(^\S+  +\S)").match(line).hasMatch(), qPrintable(line));
    }

    void headlessRunWritesTheContractFiles() {
        QTemporaryDir dir;
        const QString out = dir.filePath("run");
        const Outcome outcome = runRankscope({"--headless", "--steps", "300", "--metrics-every", "100",
                                              "--out", out, "--save-weights-every", "150", "--save-data"});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QVERIFY(outcome.out.contains("metrics.csv"));
        const QList<QStringList> rows = readCsv(out + "/metrics.csv");
        QCOMPARE(rows.size(), 5); // header + steps 0, 100, 200, 300
        for (const char* name : {"step",
                                 "epoch",
                                 "time_s",
                                 "batch_size",
                                 "lr",
                                 "weight_decay",
                                 "train_loss",
                                 "train_acc",
                                 "test_loss",
                                 "test_acc",
                                 "mean_rank",
                                 "mean_effective_rank",
                                 "mean_stable_rank",
                                 "update_noise",
                                 "nullspace_norm",
                                 "rank_L1",
                                 "effective_rank_L1",
                                 "stable_rank_L1",
                                 "update_noise_L1",
                                 "fro_L1",
                                 "rank_L5",
                                 "fro_L5"})
            QVERIFY2(rows[0].contains(name), name);
        QCOMPARE(rows[0].mid(0, 3), QStringList({"step", "epoch", "time_s"}));
        QCOMPARE(column(rows, "step"), QList<double>({0, 100, 200, 300}));
        QVERIFY(!QFile::exists(out + "/metrics.csv.partial"));
        QVERIFY(QFile::exists(out + "/config.json"));
        for (const char* name : {"step_00000000.npz", "step_00000150.npz", "step_00000300.npz"})
            QVERIFY2(QFile::exists(out + "/weights/" + name), name);
        for (const char* name : {"train_x.npy", "train_y.npy", "test_x.npy", "test_y.npy"})
            QVERIFY2(QFile::exists(out + "/data/" + name), name);
    }

    void weightsAndDataLoadInNumpy() {
        if (QProcess::execute("/usr/bin/python3", {"-c", "import numpy"}) != 0)
            QSKIP("python3-numpy is not installed");
        QTemporaryDir dir;
        const QString out = dir.filePath("run");
        QCOMPARE(runRankscope({"--headless", "--steps", "10", "--out", out, "--save-weights-every", "10",
                               "--save-data", "--set", "model.hidden=32,16"})
                     .exitCode,
                 0);
        const QString script =
            QString("import numpy as np\n"
                    "w = np.load('%1/weights/step_00000010.npz')\n"
                    "assert w['W1'].shape == (32, 64) and w['W1'].dtype == np.float32\n"
                    "assert w['W3'].shape == (10, 16) and w['b3'].shape == (10,)\n"
                    "x = np.load('%1/data/train_x.npy'); y = np.load('%1/data/train_y.npy')\n"
                    "assert x.shape == (4096, 64) and x.dtype == np.float32\n"
                    "assert y.shape == (4096,) and y.dtype == np.int64 and y.max() == 9\n")
                .arg(out);
        QCOMPARE(QProcess::execute("/usr/bin/python3", {"-c", script}), 0);
    }

    void configJsonReproducesTheRun() {
        QTemporaryDir dir;
        const QStringList common = {"--headless", "--steps", "400", "--metrics-every", "100"};
        QCOMPARE(
            runRankscope(common + QStringList{"--set", "train.batch_size=16", "--out", dir.filePath("a")})
                .exitCode,
            0);
        QCOMPARE(runRankscope(common + QStringList{"--preset", dir.filePath("a/config.json"), "--out",
                                                   dir.filePath("b")})
                     .exitCode,
                 0);
        const QList<QStringList> a = withoutTime(readCsv(dir.filePath("a/metrics.csv")));
        const QList<QStringList> b = withoutTime(readCsv(dir.filePath("b/metrics.csv")));
        QCOMPARE(a.size(), 6);
        QCOMPARE(a, b);
        QCOMPARE(column(readCsv(dir.filePath("b/metrics.csv")), "batch_size").first(), 16.0);
    }

    void badInputExitsTwoWithOneClearLine_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QStringList run = {"--headless", "--steps", "10", "--out",
                                 QDir::temp().filePath("rankscope-cli-bad")};
        QTest::newRow("unknown preset")
            << (run + QStringList{"--preset", "no-such-preset"}) << "no-such-preset";
        QTest::newRow("unknown key") << (run + QStringList{"--set", "train.batchsize=8"})
                                     << "train.batchsize";
        QTest::newRow("bad value") << (run + QStringList{"--set", "train.batch_size=0"})
                                   << "train.batch_size";
        QTest::newRow("not a number") << (run + QStringList{"--set", "train.lr=fast"}) << "train.lr";
        QTest::newRow("negative lr") << (run + QStringList{"--set", "train.lr=-1"}) << "train.lr";
        QTest::newRow("missing steps") << QStringList{"--headless", "--out", "x"} << "--steps";
        QTest::newRow("missing out") << QStringList{"--headless", "--steps", "5"} << "--out";
        QTest::newRow("bad steps") << QStringList{"--headless", "--steps", "many", "--out", "x"} << "--steps";
        QTest::newRow("unknown option") << QStringList{"--headless", "--bogus"} << "bogus";
        QTest::newRow("bad input, figure requested") // the offscreen platform must not add a warning line
            << (run + QStringList{"--export-png", QDir::temp().filePath("rankscope-cli-bad.png"), "--set",
                                  "train.lr=-1"})
            << "train.lr";
        QTest::newRow("missing idx files")
            << (run + QStringList{"--set", "data.kind=idx", "--set", "data.path=/nonexistent"})
            << "/nonexistent";
    }
    void badInputExitsTwoWithOneClearLine() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const QString problem = badInputProblem(runRankscope(arguments), mentions);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void malformedPresetFileIsNamed() {
        QTemporaryDir dir;
        QFile file(dir.filePath("broken.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"train\": {\"lr\": }");
        file.close();
        const Outcome outcome = runRankscope(
            {"--headless", "--preset", file.fileName(), "--steps", "5", "--out", dir.filePath("out")});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains("broken.json"), qPrintable(outcome.err));
        QVERIFY(!QFile::exists(dir.filePath("out/metrics.csv")));
    }

    void divergenceExitsThreeAndKeepsTheRows() {
        QTemporaryDir dir;
        const Outcome outcome = runRankscope({"--headless", "--steps", "1000", "--metrics-every", "1",
                                              "--set", "train.lr=1e5", "--out", dir.filePath("run")});
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains("diverged at step"), qPrintable(outcome.err));
        const QList<QStringList> rows = readCsv(dir.filePath("run/metrics.csv"));
        QVERIFY(rows.size() >= 2);
        for (double rank : column(rows, "mean_rank"))
            QVERIFY(!std::isnan(rank)); // every row holds the last finite weights' analysis
    }

    void maxSecondsStopsEarlyAndWritesTheLastRow() {
        QTemporaryDir dir;
        const Outcome outcome = runRankscope({"--headless", "--steps", "100000000", "--max-seconds", "0.5",
                                              "--metrics-every", "1000000", "--out", dir.filePath("run")});
        QCOMPARE(outcome.exitCode, 0);
        const QList<double> steps = column(readCsv(dir.filePath("run/metrics.csv")), "step");
        QCOMPARE(steps.size(), 2); // step 0 and wherever the clock stopped it
        QVERIFY(steps.last() > 0 && steps.last() < 100000000);
    }

    // The result RankScope exists to show: with weight decay the mean rank of the hidden layers
    // halves within 20,000 steps of the default demo; without weight decay it stays within 10% of full.
    void defaultRankFallsAndWithoutWeightDecayItDoesNot() {
        QTemporaryDir dir;
        const QStringList run = {"--headless", "--steps", "20000", "--metrics-every", "10000"};
        QCOMPARE(runRankscope(run + QStringList{"--out", dir.filePath("wd")}).exitCode, 0);
        QCOMPARE(runRankscope(run + QStringList{"--preset", "no-weight-decay", "--out", dir.filePath("none")})
                     .exitCode,
                 0);
        const QList<QStringList> wd = readCsv(dir.filePath("wd/metrics.csv"));
        const QList<QStringList> none = readCsv(dir.filePath("none/metrics.csv"));
        const QList<double> rankWd = column(wd, "mean_rank"), rankNone = column(none, "mean_rank");
        QVERIFY2(rankWd.last() <= 0.5 * rankWd.first(),
                 qPrintable(QString("%1 -> %2").arg(rankWd.first()).arg(rankWd.last())));
        QVERIFY2(rankNone.last() >= 0.9 * rankNone.first(),
                 qPrintable(QString("%1 -> %2").arg(rankNone.first()).arg(rankNone.last())));
        QVERIFY(column(wd, "test_acc").last() > 0.5); // chance is 0.1
    }

    // The same for a CNN (preset images-cnn, whose description states these figures): with weight
    // decay the hidden layers' mean rank (conv and dense) falls by more than 10% within 4,000 steps
    // while the test accuracy is far above chance; without weight decay it stays within 3% of full.
    void cnnRankFallsAndWithoutWeightDecayItDoesNot() {
        QTemporaryDir dir;
        const QStringList run = {"--headless", "--preset",        "images-cnn", "--steps",
                                 "4000",       "--metrics-every", "4000"};
        QCOMPARE(runRankscope(run + QStringList{"--out", dir.filePath("wd")}).exitCode, 0);
        QCOMPARE(
            runRankscope(run + QStringList{"--set", "train.weight_decay=0", "--out", dir.filePath("none")})
                .exitCode,
            0);
        const QList<QStringList> wd = readCsv(dir.filePath("wd/metrics.csv"));
        const QList<double> rankWd = column(wd, "mean_rank");
        const QList<double> rankNone = column(readCsv(dir.filePath("none/metrics.csv")), "mean_rank");
        QVERIFY2(rankWd.last() <= 0.9 * rankWd.first(),
                 qPrintable(QString("%1 -> %2").arg(rankWd.first()).arg(rankWd.last())));
        QVERIFY2(rankNone.last() >= 0.97 * rankNone.first(),
                 qPrintable(QString("%1 -> %2").arg(rankNone.first()).arg(rankNone.last())));
        QVERIFY(column(wd, "test_acc").last() > 0.5); // chance is 1/8
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
