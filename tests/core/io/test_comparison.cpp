// Tests for comparisons (common/comparison.h, io/comparison_json.h): the preset's "compare" list —
// parsing, labels, the keys a comparison may vary, a JSON round trip, expansion into validated runs,
// and the built-in comparison presets.
#include "common/comparison.h"
#include "io/preset_io.h"
#include "io/preset_library.h"

#include <QTest>

using namespace rankscope;

namespace {

QByteArray presetWithCompare(const QByteArray& compare) {
    return R"({"name": "c", "train": {"batch_size": 8, "lr": 0.1}, "compare": )" + compare + "}";
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT

private slots:
    void noCompareListIsOneRunNamedByThePreset() {
        RunConfig config;
        config.name = "plain";
        const auto runs = comparisonRuns(config);
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(1));
        QCOMPARE(runs->front().label, QString("plain"));
        QCOMPARE(runs->front().config, config);
    }

    void settingsApplyAsSetWouldAndLabelsNameThem() {
        const auto config = presetFromJson(presetWithCompare(R"([
            {"set": {"train.batch_size": 4, "train.lr": 0.05}},
            {"label": "full batch", "set": {"train.full_batch": true}},
            {"set": {"train.weight_decay": 0}}])"),
                                           "p.json");
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error()));
        const auto runs = comparisonRuns(config.value());
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(3));
        QCOMPARE(runs.value()[0].label, QString("B = 4, lr = 0.05"));
        QCOMPARE(runs.value()[0].config.train.batch_size, 4);
        QCOMPARE(runs.value()[0].config.train.lr, 0.05);
        QCOMPARE(runs.value()[1].label, QString("full batch"));
        QVERIFY(runs.value()[1].config.train.full_batch);
        QCOMPARE(runs.value()[1].config.train.batch_size, 8); // the base's, unchanged
        QCOMPARE(runs.value()[2].label, QString("wd = 0"));
        QCOMPARE(runs.value()[2].config.train.weight_decay, 0.0);
        for (const ComparisonRun& run : runs.value()) {
            QVERIFY(run.config.compare.empty());
            QCOMPARE(run.config.seed, config->seed);
            QCOMPARE(run.config.data, config->data);
            QCOMPARE(run.config.model, config->model);
        }
        QCOMPARE(variantLabel(RunVariant{{}, {{"train.full_batch", "false"}}}), QString("SGD"));
        QCOMPARE(variantLabel(RunVariant{{}, {{"train.full_batch", "true"}}}), QString("GD (full batch)"));
    }

    void roundTripKeepsTheCompareList() {
        const auto config = presetFromJson(presetWithCompare(R"([{"label": "a", "set": {"train.lr": 0.3}},
                                                                   {"set": {"metrics.rank_eps": 0.01}}])"),
                                           "p.json");
        QVERIFY(config.ok());
        const QByteArray json = presetToJson(config.value());
        const auto again = presetFromJson(json, "again.json");
        QVERIFY2(again.ok(), json.constData());
        QCOMPARE(again.value(), config.value());
        QCOMPARE(again->compare.size(), std::size_t(2));
    }

    void savedComparisonKeepsEachRunsLiveSettings() {
        RunConfig config = resolvePreset("sgd-vs-gd").value();
        std::vector<TrainConfig> trains;
        for (const ComparisonRun& run : comparisonRuns(config).value())
            trains.push_back(run.config.train);
        trains[1].lr = 0.02; // turned during the run
        trains[0].batch_size = 16;
        const RunConfig saved = withRunSettings(config, trains);
        const auto again = presetFromJson(presetToJson(saved), "saved.json");
        QVERIFY(again.ok());
        const auto runs = comparisonRuns(again.value()).value();
        QCOMPARE(runs[0].config.train, trains[0]);
        QCOMPARE(runs[1].config.train, trains[1]);
        QCOMPARE(runs[0].label, QString("SGD, B = 8")); // the labels the preset gave stay
    }

    void badComparisonsNameTheEntryAndKey_data() {
        QTest::addColumn<QByteArray>("compare");
        QTest::addColumn<QString>("expected");
        QTest::newRow("shared key") << QByteArray(R"([{"set": {"data.kind": "spirals"}}])")
                                    << "p.json: compare[0].set.data.kind: only train.* and metrics.*";
        QTest::newRow("seed") << QByteArray(R"([{}, {"set": {"seed": 2}}])")
                              << "compare[1].set.seed: only train.*";
        QTest::newRow("unknown key") << QByteArray(R"([{"set": {"train.batchsize": 4}}])")
                                     << "compare[0]: --set train.batchsize: unknown key";
        QTest::newRow("bad value") << QByteArray(R"([{"set": {"train.batch_size": "four"}}])")
                                   << "compare[0]: --set train.batch_size: expected an integer";
        QTest::newRow("invalid run") << QByteArray(R"([{"set": {"train.lr": -1}}])")
                                     << "compare[0] (lr = -1): train.lr";
        QTest::newRow("object value")
            << QByteArray(R"([{"set": {"train.lr": {}}}])")
            << "compare[0].set.train.lr: expected a number, boolean, string or array";
        QTest::newRow("five runs") << QByteArray(R"([{}, {}, {}, {}, {}])") << "compare: 5 runs; at most 4";
        QTest::newRow("not an array") << QByteArray(R"({"set": {}})") << "compare: expected an array";
        QTest::newRow("stray member")
            << QByteArray(R"([{"sett": {}}])") << "compare[0].sett: expected \"label\" (a string) or \"set\"";
    }

    void badComparisonsNameTheEntryAndKey() {
        QFETCH(QByteArray, compare);
        QFETCH(QString, expected);
        const auto config = presetFromJson(presetWithCompare(compare), "p.json");
        QVERIFY(!config.ok());
        QVERIFY2(config.error().contains(expected), qPrintable(config.error()));
    }

    void builtinComparisonPresets_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("sgd-vs-gd") << "sgd-vs-gd" << QStringList{"SGD, B = 8", "GD (full batch)"};
        QTest::newRow("batch-sizes") << "batch-sizes" << QStringList{"B = 4", "B = 16", "B = 64", "B = 256"};
        QTest::newRow("weight-decay-on-off") << "weight-decay-on-off" << QStringList{"wd = 0.01", "wd = 0"};
    }

    void builtinComparisonPresets() {
        QFETCH(QString, name);
        QFETCH(QStringList, labels);
        QStringList warnings;
        const auto preset = resolvePreset(name, &warnings);
        QVERIFY2(preset.ok(), qPrintable(preset.ok() ? QString() : preset.error()));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
        const auto runs = comparisonRuns(preset.value());
        QVERIFY(runs.ok());
        QStringList got;
        for (const ComparisonRun& run : runs.value())
            got << run.label;
        QCOMPARE(got, labels);
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "test_comparison.moc"
