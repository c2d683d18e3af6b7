// Tests for io/control_file: control.json written atomically with increasing sequence numbers,
// events.csv read back, and the round trip through python/rankscope_probe.py in a real PyTorch
// training (/usr/bin/python3 with python3-torch; skipped without torch): a request written here
// reaches the optimizer at the probe's next step and comes back as events.csv rows.
#include "io/control_file.h"
#include "probe_control_loop.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
}

} // namespace

class TestControlFile : public QObject {
    Q_OBJECT

private slots:
    void writesRequestsWithIncreasingSequence() {
        QTemporaryDir dir;
        QCOMPARE(nextControlSequence(dir.path()), 1);
        QVERIFY(writeControlFile(dir.path(), {.sequence = 1, .lr = 0.01, .weightDecay = {}, .batchSize = {}})
                    .ok());
        const QJsonObject first = readJson(dir.filePath("control.json"));
        QCOMPARE(first, QJsonObject({{"sequence", 1}, {"lr", 0.01}}));
        QCOMPARE(nextControlSequence(dir.path()), 2);
        QVERIFY(writeControlFile(dir.path(), {.sequence = 2, .lr = {}, .weightDecay = 0.0, .batchSize = 64})
                    .ok());
        QCOMPARE(readJson(dir.filePath("control.json")),
                 QJsonObject({{"sequence", 2}, {"weight_decay", 0.0}, {"batch_size", 64}}));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({"control.json"}));
        QVERIFY(writeControlFile(dir.filePath("missing"), {}).error().startsWith(dir.filePath("missing")));
    }

    void readsAppliedChanges() {
        QTemporaryDir dir;
        QVERIFY(readAppliedChanges(dir.path()).value().isEmpty());
        writeText(dir.filePath("events.csv"),
                  "step,key,old,new\n120,lr,0.05,0.01\n120,weight_decay,0.0005,0.0\n");
        const Result<QList<AppliedChange>> changes = readAppliedChanges(dir.path());
        QVERIFY(changes.ok());
        QCOMPARE(changes->size(), 2);
        QCOMPARE(changes->at(0).step, 120);
        QCOMPARE(changes->at(1).key, QString("weight_decay"));
        QCOMPARE(changes->at(1).newValue, QString("0.0"));
        writeText(dir.filePath("events.csv"), "step,key,old,new\nx,lr\n");
        QCOMPARE(readAppliedChanges(dir.path()).error(),
                 dir.filePath("events.csv") + ":2: expected step,key,old,new");
    }

    void roundTripsThroughTheProbe() {
        QTemporaryDir dir;
        QProcess training;
        if (!startProbeControlLoop(training, dir.path()))
            QSKIP("torch is not installed (Debian: python3-torch)");
        QVERIFY(QFile::exists(dir.filePath("config.json")));
        const ControlRequest request{nextControlSequence(dir.path()), 0.01, 0.0, {}};
        QVERIFY(writeControlFile(dir.path(), request).ok());
        QVERIFY(training.waitForFinished(90000));
        QCOMPARE(training.exitCode(), 0);
        const QString printed = QString::fromUtf8(training.readAllStandardOutput()).trimmed();
        QVERIFY2(printed.contains(": lr 0.01 weight_decay 0.0"), qPrintable(printed));
        const qint64 changedAt = printed.section("step ", 1).section(':', 0, 0).toLongLong();

        const Result<QList<AppliedChange>> changes = readAppliedChanges(dir.path());
        QVERIFY(changes.ok());
        QCOMPARE(changes->size(), 2);
        QCOMPARE(changes->at(0).key, QString("lr"));
        QCOMPARE(changes->at(0).oldValue.toDouble(), 0.05);
        QCOMPARE(changes->at(0).newValue.toDouble(), 0.01);
        QCOMPARE(changes->at(1).key, QString("weight_decay"));
        QCOMPARE(changes->at(0).step, changedAt); // applied at the step the optimizer first had it
        QCOMPARE(readJson(dir.filePath("control_ack.json")).value("sequence").toInteger(), request.sequence);
    }
};

QTEST_GUILESS_MAIN(TestControlFile)
#include "test_control_file.moc"
