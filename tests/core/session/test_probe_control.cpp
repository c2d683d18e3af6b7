// Tests for session/probe_control: the window's end of a watched training's knobs. A request writes
// control.json with the next sequence number; rows the training appends to events.csv become change
// events; its acknowledgement reports a request as applied, or what it rejected; an acknowledgement
// left by an earlier window is not reported.
#include "session/probe_control.h"
#include "write_file.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

QJsonObject controlFile(const QTemporaryDir& dir) {
    QFile file(dir.filePath("control.json"));
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

} // namespace

class TestProbeControl : public QObject {
    Q_OBJECT

private slots:
    void requestsAreNumbered() {
        QTemporaryDir dir;
        ProbeControl control(dir.path());
        ControlRequest lr;
        lr.lr = 0.01;
        QVERIFY(control.request(lr).ok());
        QCOMPARE(controlFile(dir).value("sequence").toInteger(), 1);
        QCOMPARE(controlFile(dir).value("lr").toDouble(), 0.01);
        ControlRequest wd;
        wd.weightDecay = 0;
        QVERIFY(control.request(wd).ok());
        QCOMPARE(controlFile(dir).value("sequence").toInteger(), 2);
        QVERIFY(!controlFile(dir).contains("lr"));
        QCOMPARE(controlFile(dir).value("weight_decay").toDouble(), 0.0);
    }

    void appliedChangesBecomeEvents() {
        QTemporaryDir dir;
        writeFile(dir.filePath("events.csv"), "step,key,old,new\n");
        ProbeControl control(dir.path(), 20);
        QSignalSpy changed(&control, &ProbeControl::eventsChanged);
        control.start();
        QVERIFY(control.events().empty());
        QTest::qWait(50); // a new modification time, also on file systems that keep whole seconds
        writeFile(dir.filePath("events.csv"), "step,key,old,new\n120,weight_decay,0.0005,0.0\n");
        QTRY_COMPARE(control.events().size(), std::size_t(1));
        const ChangeEvent& event = control.events().front();
        QCOMPARE(event.step, 120);
        QCOMPARE(event.name, QString("weight_decay"));
        QCOMPARE(event.oldValue, 0.0005);
        QCOMPARE(event.newValue, 0.0);
        QVERIFY(changed.size() >= 1);
    }

    void acknowledgementsAreReported() {
        QTemporaryDir dir;
        writeFile(dir.filePath("control_ack.json"),
                  R"({"sequence": 4, "step": 10, "applied": {"lr": 0.1}, "rejected": {}})");
        ProbeControl control(dir.path(), 20);
        QSignalSpy applied(&control, &ProbeControl::applied);
        QSignalSpy rejected(&control, &ProbeControl::rejected);
        control.start();
        QTest::qWait(100);
        QCOMPARE(applied.size(), 0); // an earlier window's request

        writeFile(
            dir.filePath("control_ack.json"),
            R"({"sequence": 5, "step": 30, "applied": {}, "rejected": {"weight_decay": "the optimizer has no weight_decay"}})");
        QTRY_COMPARE(rejected.size(), 1);
        QCOMPARE(rejected.first().at(0).toLongLong(), 5);
        QCOMPARE(rejected.first().at(1).toString(),
                 QString("weight_decay: the optimizer has no weight_decay"));

        writeFile(dir.filePath("control_ack.json"),
                  R"({"sequence": 6, "step": 42, "applied": {"lr": 0.2}, "rejected": {}})");
        QTRY_COMPARE(applied.size(), 1);
        QCOMPARE(applied.first().at(1).toLongLong(), 42);
    }
};

QTEST_MAIN(TestProbeControl)
#include "test_probe_control.moc"
