// Sweeps end to end: the rankscope executable is run with QProcess on a tiny
// configuration; its sweep.csv, figure, shards, merge, exit statuses and error lines are checked.
#include "rankscope_process.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Outcome = RankscopeOutcome;

// sweep.csv as lines; without the time_s column (wall time) when asked.
QStringList sweepLines(const QString& directory, bool withTime = true) {
    QFile file(QDir(directory).filePath("sweep.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    const qsizetype timeColumn = lines.value(0).split(',').indexOf("time_s");
    for (QString& line : lines) {
        QStringList fields = line.split(',');
        if (!withTime)
            fields.removeAt(timeColumn);
        line = fields.join(',');
    }
    return lines;
}

QStringList column(const QStringList& lines, const QString& name) {
    const qsizetype index = lines.value(0).split(',').indexOf(name);
    QStringList values;
    for (qsizetype i = 1; i < lines.size(); ++i)
        values << lines[i].split(',').value(index);
    return values;
}

// A 2x2 grid on a tiny network: a few seconds on one core.
QStringList tinySweep(const QString& out) {
    return {"--sweep", "train.batch_size=8,32",
            "--sweep", "train.lr=0.05,0.1",
            "--set",   "model.hidden=16,16",
            "--set",   "data.train_size=256",
            "--set",   "data.test_size=128",
            "--steps", "200",
            "--out",   out};
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private slots:
    void twoByTwoGridWritesFourRowsAndAFigure() {
        QTemporaryDir dir;
        const QString out = dir.filePath("sweep");
        const Outcome outcome = runRankscope(tinySweep(out));
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QVERIFY2(outcome.out.contains("[4/4] "), qPrintable(outcome.out));
        const QStringList lines = sweepLines(out);
        QCOMPARE(lines.size(), 5);
        QVERIFY2(lines[0].startsWith(
                     "index,train.batch_size,train.lr,repeat,seed,mean_rank,rank_L1,rank_L2,rank_L3,"
                     "mean_effective_rank,mean_stable_rank,train_acc,test_acc,steps,epochs,time_s,status"),
                 qPrintable(lines[0]));
        QCOMPARE(column(lines, "index"), QStringList({"0", "1", "2", "3"}));
        QCOMPARE(column(lines, "train.batch_size"), QStringList({"8", "8", "32", "32"}));
        QCOMPARE(column(lines, "train.lr"), QStringList({"0.05", "0.1", "0.05", "0.1"}));
        QCOMPARE(column(lines, "steps"), QStringList({"200", "200", "200", "200"}));
        QCOMPARE(column(lines, "status"), QStringList({"ok", "ok", "ok", "ok"}));
        for (const char* name : {"sweep.png", "sweep.pdf"})
            QVERIFY2(QFileInfo(QDir(out).filePath(name)).size() > 1000, name);
        for (const char* run :
             {"0_train.batch_size=8_train.lr=0.05_r0", "3_train.batch_size=32_train.lr=0.1_r0"})
            QVERIFY2(QFile::exists(QDir(out).filePath(QString("runs/%1/metrics.csv").arg(run))), run);
    }

    void shardsMergeToTheUnshardedSweep() {
        QTemporaryDir dir;
        const QStringList sharded = {"--jobs", "1"};
        QCOMPARE(runRankscope(tinySweep(dir.filePath("all"))).exitCode, 0);
        QCOMPARE(
            runRankscope(tinySweep(dir.filePath("s0")) + sharded + QStringList{"--shard", "0/2"}).exitCode,
            0);
        QCOMPARE(
            runRankscope(tinySweep(dir.filePath("s1")) + sharded + QStringList{"--shard", "1/2"}).exitCode,
            0);
        QCOMPARE(column(sweepLines(dir.filePath("s1")), "index"), QStringList({"1", "3"}));
        const Outcome merged =
            runRankscope({"--merge", dir.filePath("s1"), dir.filePath("s0"), "--out", dir.filePath("m")});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        QCOMPARE(sweepLines(dir.filePath("m"), false), sweepLines(dir.filePath("all"), false));
        QVERIFY(QFile::exists(dir.filePath("m/sweep.png")) && QFile::exists(dir.filePath("m/sweep.pdf")));
        QVERIFY(!QFile::exists(dir.filePath("m/runs")));

        const Outcome partial = runRankscope({"--merge", dir.filePath("s0"), "--out", dir.filePath("p")});
        QCOMPARE(partial.exitCode, 0);
        QVERIFY2(partial.err.contains("grid indices 1"), qPrintable(partial.err));
        const QString twice = badInputProblem(
            runRankscope({"--merge", dir.filePath("s0"), dir.filePath("s0"), "--out", dir.filePath("t")}),
            "grid index 0");
        QVERIFY2(twice.isEmpty(), qPrintable(twice));
    }

    void repeatsRunWithSuccessiveSeeds() {
        QTemporaryDir dir;
        const Outcome outcome = runRankscope({"--sweep", "model.hidden=[16,16],[8]", "--repeats", "2",
                                              "--set", "seed=7", "--set", "data.train_size=128", "--set",
                                              "data.test_size=64", "--steps", "50", "--out", dir.path()});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        const QStringList lines = sweepLines(dir.path());
        QCOMPARE(lines.size(), 5);
        // index, model.hidden (quoted when it holds a comma), repeat, seed
        for (const char* start : {"0,\"[16,16]\",0,7,", "1,\"[16,16]\",1,8,", "2,[8],0,7,", "3,[8],1,8,"})
            QVERIFY2(lines.filter(start).size() == 1, start);
        QCOMPARE(column(lines, "rank_L3").mid(2), QStringList({"nan", "nan"})); // the shallower net
        QVERIFY(QFile::exists(dir.filePath("runs/3_model.hidden=8_r1/config.json")));
    }

    void divergedRunsAreRowsNotFailures() {
        QTemporaryDir dir;
        const Outcome outcome =
            runRankscope({"--sweep", "train.lr=0.1,1e5", "--set", "model.hidden=16", "--set",
                          "data.train_size=128", "--steps", "100", "--out", dir.path()});
        QCOMPARE(outcome.exitCode, 0);
        QCOMPARE(column(sweepLines(dir.path()), "status"), QStringList({"ok", "diverged"}));
        QVERIFY2(outcome.out.contains("DIVERGED"), qPrintable(outcome.out));
        const Outcome allDiverged =
            runRankscope({"--sweep", "train.lr=1e5", "--set", "model.hidden=16", "--set",
                          "data.train_size=128", "--steps", "100", "--out", dir.filePath("b")});
        QCOMPARE(allDiverged.exitCode, 3);
    }

    // --epochs: each batch size trains for the same passes over the data, ceil(E N / B) steps.
    void epochsGiveEachBatchSizeTheSameBudget() {
        QTemporaryDir dir;
        const Outcome outcome = runRankscope({"--sweep", "train.batch_size=8,32,1000", "--set",
                                              "model.hidden=16", "--set", "data.train_size=256", "--set",
                                              "data.test_size=64", "--epochs", "2.5", "--out", dir.path()});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        const QStringList lines = sweepLines(dir.path());
        QCOMPARE(column(lines, "steps"), QStringList({"80", "20", "3"})); // B = 1000 > N: full batch, 3 steps
        QCOMPARE(column(lines, "epochs").mid(0, 2), QStringList({"2.5", "2.5"}));
        QVERIFY2(badInputProblem(runRankscope({"--headless", "--steps", "10", "--epochs", "1", "--out",
                                               dir.filePath("x")}),
                                 "either --steps N or --epochs E")
                     .isEmpty(),
                 "--steps with --epochs");
        QVERIFY(badInputProblem(runRankscope({"--headless", "--epochs", "-1", "--out", dir.filePath("x")}),
                                "--epochs -1")
                    .isEmpty());
    }

    void badSweepExitsTwoWithOneClearLine_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString out = QDir::temp().filePath("rankscope-sweep-bad");
        const QStringList run = {"--steps", "10", "--out", out};
        QTest::newRow("missing =") << (run + QStringList{"--sweep", "train.batch_size"})
                                   << "expected KEY=V1,V2";
        QTest::newRow("no values") << (run + QStringList{"--sweep", "train.batch_size="}) << "empty value";
        QTest::newRow("empty value") << (run + QStringList{"--sweep", "train.batch_size=8,,32"})
                                     << "empty value";
        QTest::newRow("unbalanced") << (run + QStringList{"--sweep", "model.hidden=[8,8"}) << "unbalanced";
        QTest::newRow("twice") << (run + QStringList{"--sweep", "train.lr=0.1", "--sweep", "train.lr=0.2"})
                               << "swept twice";
        QTest::newRow("unknown key") << (run + QStringList{"--sweep", "train.batchsize=8"})
                                     << "train.batchsize";
        QTest::newRow("invalid value")
            << (run + QStringList{"--sweep", "train.batch_size=8,0"}) << "train.batch_size=0";
        QTest::newRow("not a number")
            << (run + QStringList{"--sweep", "train.lr=0.1,fast"}) << "train.lr=fast";
        QTest::newRow("bad shard") << (run + QStringList{"--sweep", "train.lr=0.1", "--shard", "3/2"})
                                   << "--shard 3/2";
        QTest::newRow("shard syntax")
            << (run + QStringList{"--sweep", "train.lr=0.1", "--shard", "1"}) << "--shard 1";
        QTest::newRow("no steps") << QStringList{"--sweep", "train.lr=0.1", "--out", out}
                                  << "--steps N or --epochs E";
        QTest::newRow("shard alone") << (run + QStringList{"--headless", "--shard", "0/2"}) << "--shard";
        QTest::newRow("merge nothing") << QStringList{"--merge", "--out", out} << "--merge";
        QTest::newRow("merge missing")
            << QStringList{"--merge", "/nonexistent", "--out", out} << "/nonexistent";
    }
    void badSweepExitsTwoWithOneClearLine() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const QString problem = badInputProblem(runRankscope(arguments), mentions);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!QFile::exists(QDir(QDir::temp().filePath("rankscope-sweep-bad")).filePath("sweep.csv")));
    }

    void mergeOfDifferentSweepsIsRefused() {
        QTemporaryDir dir;
        const QStringList tiny = {"--set", "model.hidden=8", "--set", "data.train_size=64", "--steps", "5"};
        QCOMPARE(
            runRankscope(tiny + QStringList{"--sweep", "train.lr=0.1", "--out", dir.filePath("a")}).exitCode,
            0);
        QCOMPARE(runRankscope(tiny + QStringList{"--sweep", "train.batch_size=8", "--out", dir.filePath("b")})
                     .exitCode,
                 0);
        const QString problem = badInputProblem(
            runRankscope({"--merge", dir.filePath("a"), dir.filePath("b"), "--out", dir.filePath("m")}),
            "columns differ");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!QFile::exists(dir.filePath("m/sweep.csv")));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
