// `rankscope --headless` with a comparison preset, through the real executable: one folder per run
// with its own metrics.csv, the comparison's config.json that reloads to the same runs, the overlaid
// figure, per-step null-space norms that agree between SGD and GD (Janus), and a bad comparison
// or a figure folder that cannot hold the overlay refused with exit 2 before training.
#include "rankscope_process.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Column `name` of a metrics.csv, one value per row.
QList<double> column(const QString& path, const QString& name) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(',');
    const qsizetype index = header.indexOf(name);
    QList<double> values;
    while (!file.atEnd())
        values << QString::fromUtf8(file.readLine()).trimmed().split(',').value(index).toDouble();
    return values;
}

} // namespace

class TestComparisonCli : public QObject {
    Q_OBJECT
private slots:
    void sgdVersusGdWritesOneFolderPerRunAndTheOverlay() {
        QTemporaryDir dir;
        const QString out = dir.filePath("janus");
        const QString figure = dir.filePath("janus-epochs.png");
        const RankscopeOutcome run =
            runRankscope({"--headless", "--preset", "sgd-vs-gd", "--steps", "400", "--out", out,
                          "--metrics-every", "100", "--export-png", figure, "--time-axis", "epochs"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains("SGD, B = 8: wrote") && run.out.contains("GD (full batch): wrote"),
                 qPrintable(run.out));
        const QString sgd = QDir(out).filePath("run1-sgd-b-8/metrics.csv");
        const QString gd = QDir(out).filePath("run2-gd-full-batch/metrics.csv");
        QVERIFY(QFile::exists(sgd) && QFile::exists(gd));
        QVERIFY(QFile::exists(QDir(out).filePath("run1-sgd-b-8/dashboard.png")));
        QFile png(figure);
        QVERIFY(png.open(QIODevice::ReadOnly));
        QVERIFY(png.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));

        const QList<double> sgdNorm = column(sgd, "nullspace_norm");
        const QList<double> gdNorm = column(gd, "nullspace_norm");
        QCOMPARE(sgdNorm.size(), 5); // steps 0, 100, ..., 400
        QCOMPARE(gdNorm.size(), 5);
        for (int row = 0; row < sgdNorm.size(); ++row)
            QVERIFY2(std::abs(sgdNorm[row] - gdNorm[row]) <= 1e-4 * gdNorm[row],
                     qPrintable(QString("row %1: %2 vs %3").arg(row).arg(sgdNorm[row]).arg(gdNorm[row])));
        QCOMPARE(column(gd, "epoch").last(), 400.0);
        QCOMPARE(column(sgd, "epoch").last(), 50.0);

        // The comparison's config.json runs the same comparison again.
        const RankscopeOutcome again =
            runRankscope({"--headless", "--preset", QDir(out).filePath("config.json"), "--steps", "400",
                          "--out", dir.filePath("again"), "--metrics-every", "100"});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(column(dir.filePath("again/run1-sgd-b-8/metrics.csv"), "nullspace_norm"), sgdNorm);
    }

    void badComparisonIsRefused() {
        QTemporaryDir dir;
        const QString preset = dir.filePath("bad.json");
        QFile file(preset);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"compare": [{"set": {"model.hidden": [4]}}]})");
        file.close();
        const RankscopeOutcome run =
            runRankscope({"--headless", "--preset", preset, "--steps", "10", "--out", dir.filePath("out")});
        QVERIFY2(badInputProblem(run, "compare[0].set.model.hidden").isEmpty(),
                 qPrintable(badInputProblem(run, "compare[0]")));
        QVERIFY(!QFile::exists(dir.filePath("out")));

        const RankscopeOutcome badAxis =
            runRankscope({"--headless", "--steps", "10", "--out", dir.filePath("o2"), "--export-png",
                          dir.filePath("f.png"), "--time-axis", "hours"});
        QVERIFY2(badInputProblem(badAxis, "--time-axis hours").isEmpty(), qPrintable(badAxis.err));

        // The overlay is drawn after every run trained: a folder that cannot hold it is refused first.
        const QString figure = dir.filePath("missing/f.png");
        const RankscopeOutcome badFigure =
            runRankscope({"--headless", "--preset", "sgd-vs-gd", "--steps", "10", "--out", dir.filePath("o3"),
                          "--export", figure});
        const QString problem = badInputProblem(
            badFigure,
            QString("--export %1: the folder %2 does not exist").arg(figure, dir.filePath("missing")));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(!QFile::exists(dir.filePath("o3")));
    }
};

QTEST_GUILESS_MAIN(TestComparisonCli)
#include "test_comparison_cli.moc"
