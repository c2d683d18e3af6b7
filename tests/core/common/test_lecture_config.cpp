// The lecture settings (common/lecture_config.h): every lecture.* key reads from JSON and --set,
// writes back into config.json, and a bad value is refused with one line naming the key.
#include "common/config_fields.h"
#include "io/preset_io.h"

#include <QTest>

using namespace rankscope;

class TestLectureConfig : public QObject {
    Q_OBJECT
private slots:
    void readsJsonAndWritesItBack() {
        const QByteArray json = R"({"lecture": {"speed": 500, "time_axis": "epochs", "log_time": true,
            "panels": ["rank", "loss"], "large_panel": "rank", "heatmap_layer": 3, "pause_at": [100, 2000]}})";
        const Result<RunConfig> config = presetFromJson(json, "test");
        QVERIFY2(config, qPrintable(config.error()));
        const LectureConfig& lecture = config->lecture;
        QCOMPARE(lecture.speed, 500.0);
        QCOMPARE(lecture.time_axis, TimeAxis::Epochs);
        QVERIFY(lecture.log_time);
        QCOMPARE(lecture.panels, QStringList({"rank", "loss"}));
        QCOMPARE(lecture.large_panel, QString("rank"));
        QCOMPARE(lecture.heatmap_layer, 3);
        QCOMPARE(lecture.pause_at, std::vector<int>({100, 2000}));

        const QByteArray written = presetToJson(config.value());
        QVERIFY2(written.contains("\"lecture\": {"), written.constData());
        QVERIFY(written.contains("\"panels\": [\"rank\", \"loss\"]"));
        const Result<RunConfig> again = presetFromJson(written, "written");
        QVERIFY2(again, qPrintable(again.error()));
        QCOMPARE(again->lecture, lecture);
    }

    void everyKeyIsReachableBySet() {
        RunConfig config;
        for (const char* assignment :
             {"lecture.speed=200", "lecture.time_axis=epochs", "lecture.log_time=true",
              "lecture.panels=spectrum, rank,nullspace", "lecture.large_panel=nullspace",
              "lecture.heatmap_layer=2", "lecture.pause_at=[50,60]"}) {
            const Status applied = applyOverride(config, QString(assignment));
            QVERIFY2(applied, qPrintable(applied.error()));
        }
        QCOMPARE(config.validate(), QString());
        QCOMPARE(config.lecture.speed, 200.0);
        QCOMPARE(config.lecture.time_axis, TimeAxis::Epochs);
        QVERIFY(config.lecture.log_time);
        QCOMPARE(config.lecture.panels, QStringList({"spectrum", "rank", "nullspace"}));
        QCOMPARE(config.lecture.large_panel, QString("nullspace"));
        QCOMPARE(config.lecture.heatmap_layer, 2);
        QCOMPARE(config.lecture.pause_at, std::vector<int>({50, 60}));
        for (const char* key : {"lecture.speed", "lecture.time_axis", "lecture.log_time", "lecture.panels",
                                "lecture.large_panel", "lecture.heatmap_layer", "lecture.pause_at"})
            QVERIFY2(presetKeys().contains(key), key);
    }

    void badValuesNameTheKey_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative speed") << "lecture.speed=-1"
                                        << "lecture.speed = -1";
        QTest::newRow("unknown axis") << "lecture.time_axis=hours"
                                      << "lecture.time_axis = \"hours\"";
        QTest::newRow("unknown panel") << "lecture.panels=rank,janus"
                                       << "unknown panel \"janus\"";
        QTest::newRow("no panel") << "lecture.panels="
                                  << "lecture.panels is empty";
        QTest::newRow("panel twice") << "lecture.panels=rank,rank"
                                     << "\"rank\" is listed twice";
        QTest::newRow("large not shown") << "lecture.large_panel=heatmap"
                                         << "lecture.large_panel = \"heatmap\"";
        QTest::newRow("negative layer") << "lecture.heatmap_layer=-2"
                                        << "lecture.heatmap_layer = -2";
        QTest::newRow("pauses descending") << "lecture.pause_at=100,50"
                                           << "lecture.pause_at";
        QTest::newRow("pause at 0") << "lecture.pause_at=0"
                                    << "lecture.pause_at";
    }

    void badValuesNameTheKey() {
        QFETCH(QString, assignment);
        QFETCH(QString, message);
        RunConfig config;
        config.lecture.panels = {"rank", "loss"};
        const Status applied = applyOverride(config, assignment);
        const QString problem = applied ? config.validate() : applied.error();
        QVERIFY2(problem.contains(message), qPrintable(problem));
    }

    void jsonOfTheWrongTypeIsRefused() {
        const Result<RunConfig> config = presetFromJson(R"({"lecture": {"panels": "rank"}})", "p.json");
        QVERIFY(!config);
        QVERIFY2(config.error().contains("p.json: lecture.panels: expected a list of strings"),
                 qPrintable(config.error()));
    }
};

QTEST_MAIN(TestLectureConfig)
#include "test_lecture_config.moc"
