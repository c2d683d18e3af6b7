// `rankscope --headless --open` through the real executable: a folder of checkpoints analysed into
// metrics.csv with the figure (marking a run's events.csv), --exclude, and hostile model files, each
// exit status 2 with one line naming the file (a pickle's line is followed by the two lines of its
// conversion); the window's --open and --watch refuse headless options and a machine without a display.
#include "io/npy_writer.h"
#include "rankscope_process.h"
#include "write_file.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

const QString kData = RANKSCOPE_MODEL_DATA_DIR; // the model-file fixtures of tests/core/io

QByteArrayList csvLines(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().split('\n') : QByteArrayList();
}

} // namespace

class TestCheckpointCli : public QObject {
    Q_OBJECT

private slots:
    void opensAFolderOfCheckpoints() {
        QTemporaryDir dir;
        const QString checkpoints = dir.filePath("checkpoints");
        QDir().mkpath(checkpoints);
        for (int step : {200, 100}) {
            const Eigen::MatrixXf w = Eigen::MatrixXf::Identity(6, 4) * float(step);
            QVERIFY(writeNpz(QString("%1/model-%2.npz").arg(checkpoints).arg(step),
                             {npyMatrix("encoder.weight", w),
                              npyMatrix("head.weight", Eigen::MatrixXf::Ones(2, 6))})
                        .ok());
        }
        const QString out = dir.filePath("out"), figure = dir.filePath("figure.png");
        const RankscopeOutcome run = runRankscope({"--headless", "--open", checkpoints, "--out", out,
                                                   "--export-png", figure, "--exclude", "head.*"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QByteArrayList lines = csvLines(out + "/metrics.csv");
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].contains(",rank_encoder.weight,") && !lines[0].contains("head"));
        QVERIFY(lines[1].startsWith("100,4,") && lines[2].startsWith("200,4,"));
        QVERIFY(lines[2].endsWith(",1")); // change per checkpoint: ||2W - W|| / ||W||
        QVERIFY(QFileInfo(figure).size() > 10000);
    }

    // The changes a watched training applied (events.csv) are the figure's markers, as in the window.
    void theFigureMarksTheAppliedChanges() {
        QTemporaryDir dir;
        const QString run = dir.filePath("run");
        QDir().mkpath(run + "/weights");
        for (int step : {100, 200})
            QVERIFY(writeNpz(QString("%1/weights/step_%2.npz").arg(run).arg(step, 8, 10, QChar('0')),
                             {npyMatrix("encoder.weight", Eigen::MatrixXf::Identity(6, 4) * float(step)),
                              npyMatrix("head.weight", Eigen::MatrixXf::Ones(2, 6))})
                        .ok());
        writeFile(run + "/events.csv", "step,key,old,new\n150,weight_decay,0.0005,0.0\n");
        const QString figure = dir.filePath("figure.svg");
        const RankscopeOutcome opened =
            runRankscope({"--headless", "--open", run, "--out", dir.filePath("out"), "--export-png", figure});
        QVERIFY2(opened.exitCode == 0, qPrintable(opened.err));
        QFile svg(figure);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(svg.readAll()).contains("wd 0.0005→0"));
    }

    // The run folder is the one interchange format: --open of a RankScope run gives its own ranks.
    void opensARankscopeRunFolder() {
        QTemporaryDir dir;
        const QString run = dir.filePath("run"), out = dir.filePath("out");
        const RankscopeOutcome trained = runRankscope({"--headless", "--steps", "100", "--metrics-every",
                                                       "50", "--save-weights-every", "50", "--out", run});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        const RankscopeOutcome opened = runRankscope({"--headless", "--open", run, "--out", out});
        QVERIFY2(opened.exitCode == 0, qPrintable(opened.err));
        const QByteArrayList own = csvLines(run + "/metrics.csv"), replayed = csvLines(out + "/metrics.csv");
        QCOMPARE(replayed.size(), own.size());
        const int ownRank = own[0].split(',').indexOf("mean_rank");
        for (qsizetype row = 1; row < own.size(); ++row) {
            QCOMPARE(replayed[row].split(',')[0], own[row].split(',')[0]); // step
            QCOMPARE(replayed[row].split(',')[1], own[row].split(',')[ownRank]);
        }
    }

    void refusesHostileFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("member not .npy") << kData + "/hostile_not_npy.npz"
                                         << "member readme.txt is not a .npy";
        QTest::newRow("wrong dtype") << kData + "/hostile_int_matrix.npz"
                                     << "member W.npy: dtype '<i4'";
        QTest::newRow("shape vs bytes") << kData + "/hostile_short_data.npz"
                                        << "shape [3, 5] of <f4 does not match";
        QTest::newRow("missing") << "/no/such/model.npz"
                                 << "/no/such/model.npz: no such file or folder";
    }
    void refusesHostileFiles() {
        QFETCH(QString, file);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const RankscopeOutcome run =
            runRankscope({"--headless", "--open", file, "--out", dir.filePath("out")});
        QVERIFY2(badInputProblem(run, mentions).isEmpty(), qPrintable(badInputProblem(run, mentions)));
        QVERIFY(!QFile::exists(dir.filePath("out/metrics.csv")));
    }

    void refusesOptionsThatDoNotApply() {
        const RankscopeOutcome steps =
            runRankscope({"--headless", "--open", "x", "--out", "o", "--steps", "5"});
        QVERIFY(badInputProblem(steps, "--steps does not apply to --open").isEmpty());
        const RankscopeOutcome watch = runRankscope({"--headless", "--watch", "x", "--out", "o"});
        QVERIFY(badInputProblem(watch, "--headless --watch needs --max-seconds S").isEmpty());
        const RankscopeOutcome window = runRankscope({"--open", "x", "--out", "o"});
        QVERIFY(badInputProblem(window, "--out does not apply to the window's --open").isEmpty());
    }

    void theWindowNeedsADisplay() {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(name);
        QProcess process;
        process.setProcessEnvironment(environment);
        const RankscopeOutcome run = runRankscope(process, {"--watch", "runs/x"});
        QVERIFY(badInputProblem(run, "use --headless --open PATH --out DIR").isEmpty());
    }

    void refusesTruncatedArchivesAndPickles() {
        QTemporaryDir dir;
        QFile fixture(kData + "/compressed.npz");
        QVERIFY(fixture.open(QIODevice::ReadOnly));
        QFile truncated(dir.filePath("cut.npz"));
        QVERIFY(truncated.open(QIODevice::WriteOnly) &&
                truncated.write(fixture.read(fixture.size() / 2)) > 0);
        truncated.close();
        const RankscopeOutcome cut =
            runRankscope({"--headless", "--open", truncated.fileName(), "--out", dir.path()});
        QVERIFY2(badInputProblem(cut, "cut.npz: not a readable .npz").isEmpty(), qPrintable(cut.err));

        QFile pickle(dir.filePath("model.pth"));
        QVERIFY(pickle.open(QIODevice::WriteOnly) && pickle.write("\x80\x02}q\x00.") > 0);
        pickle.close();
        const RankscopeOutcome refused =
            runRankscope({"--headless", "--open", pickle.fileName(), "--out", dir.path()});
        QCOMPARE(refused.exitCode, 2);
        const QStringList lines = refused.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(
            lines[0].contains("model.pth: a PyTorch pickle, not read: loading a pickle runs arbitrary code"));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointCli)
#include "test_checkpoint_cli.moc"
