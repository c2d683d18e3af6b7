// The README's first command on a machine without a display: a plain `rankscope`, started with no
// DISPLAY, WAYLAND_DISPLAY, QT_QPA_PLATFORM or XDG_RUNTIME_DIR in a fresh empty folder, must run the
// headless default demo and leave its metrics, configuration and dashboard figure in ./rankscope-demo/.
// This is the first thing a newcomer on a server sees, so it runs the demo exactly as they would.
#include "rankscope_process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestFirstRun : public QObject {
    Q_OBJECT
private slots:
    void withoutDisplayRunsTheHeadlessDemo() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_RUNTIME_DIR"})
            environment.remove(name);
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(folder.path());

        const RankscopeOutcome outcome = runRankscope(process, {}, 240000);

        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
        QVERIFY2(outcome.err.isEmpty(), qPrintable(outcome.err));
        QVERIFY2(outcome.out.contains("rankscope-demo"), qPrintable(outcome.out));
        const QDir demo(folder.filePath("rankscope-demo"));
        QFile metrics(demo.filePath("metrics.csv"));
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = metrics.readAll().trimmed().split('\n');
        QVERIFY(rows.size() > 2);
        QVERIFY2(rows.last().startsWith("20000,"), rows.last().constData()); // every step of the demo ran
        QVERIFY(QFileInfo(demo.filePath("config.json")).size() > 0);
        QVERIFY(QFileInfo(demo.filePath("dashboard.png")).size() > 0);
    }
};

QTEST_MAIN(TestFirstRun)
#include "test_first_run.moc"
