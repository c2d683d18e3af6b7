// The live settings' table (common/train_settings.h) is the one description of TrainConfig's fields:
// every member has a row, and every use walks the table — preset JSON, --set, comparison variants and
// their labels, and the session's change events. Each test changes every setting at once, so a row
// that one use skipped would come back unchanged.
#include "common/comparison.h"
#include "common/train_settings.h"
#include "io/preset_io.h"
#include "session/training_session.h"
#include "small_runs.h"

#include <QSignalSpy>
#include <QTest>

using namespace rankscope;

namespace {

// Converts to anything, so T{AnyValue{}, ...} compiles for as many initializers as T has members.
struct AnyValue {
    template <class T> operator T() const;
};

template <class T, class... Values> constexpr int memberCount() {
    if constexpr (requires { T{Values{}..., AnyValue{}}; })
        return memberCount<T, Values..., AnyValue>();
    else
        return sizeof...(Values);
}

// Every setting away from its default: integers +3, numbers halved plus 0.25 (stays valid:
// momentum < 1), switches flipped.
TrainConfig everySettingChanged() {
    TrainConfig train;
    for (const TrainSetting& setting : trainSettings()) {
        const double value = setting.value(train);
        setting.setValue(train, setting.isSwitch() ? 1 - value
                                : std::holds_alternative<int TrainConfig::*>(setting.member)
                                    ? value + 3
                                    : value / 2 + 0.25);
    }
    return train;
}

} // namespace

class TestTrainSettings : public QObject {
    Q_OBJECT
private slots:
    void everyMemberHasARow() {
        QCOMPARE(memberCount<TrainConfig>(), static_cast<int>(trainSettings().size()));
        for (const TrainSetting& setting : trainSettings()) {
            QCOMPARE(findTrainSetting(setting.name), &setting);
            QCOMPARE(findTrainSetting(setting.key()), &setting);
            QVERIFY(!setting.label(setting.text(1)).isEmpty());
        }
        const TrainConfig changed = everySettingChanged();
        for (const TrainSetting& setting : trainSettings())
            QVERIFY2(setting.value(changed) != setting.value(TrainConfig{}), setting.name);
    }

    void presetJsonKeepsEverySetting() {
        RunConfig config = tinyRun();
        config.train = everySettingChanged();
        QCOMPARE(config.validate(), QString());
        const QStringList keys = presetKeys();
        for (const TrainSetting& setting : trainSettings())
            QVERIFY2(keys.contains(setting.key()), setting.name);
        QCOMPARE(presetFromJson(presetToJson(config), "test").value(), config);
    }

    void setOverridesEverySetting() {
        const TrainConfig changed = everySettingChanged();
        RunConfig config;
        for (const TrainSetting& setting : trainSettings())
            QVERIFY(applyOverride(config, setting.key(), setting.text(setting.value(changed))).ok());
        QCOMPARE(config.train, changed);
    }

    void comparisonKeepsEveryRunsSettings() {
        RunConfig config = tinyRun();
        config.compare = {RunVariant{"changed", {}}, RunVariant{"as loaded", {}}};
        const TrainConfig changed = everySettingChanged();
        const RunConfig saved = withRunSettings(config, {changed, config.train});
        QCOMPARE(saved.compare[0].settings.size(), trainSettings().size());
        QVERIFY(saved.compare[1].settings.empty());
        const auto runs = comparisonRuns(presetFromJson(presetToJson(saved), "test").value());
        QVERIFY2(runs.ok(), qPrintable(runs.ok() ? QString() : runs.error()));
        QCOMPARE(runs.value()[0].config.train, changed);
        QCOMPARE(runs.value()[1].config.train, config.train);
        for (const auto& [key, value] : saved.compare[0].settings)
            QVERIFY(!variantLabel(RunVariant{{}, {{key, value}}}).contains("train."));
    }

    void sessionRecordsAChangeOfEverySetting() {
        TrainingSession session;
        session.load(smallRun());
        const TrainConfig before = smallRun().train;
        TrainConfig after = everySettingChanged();
        session.setTrainConfig(after);
        session.step(1);
        QTRY_VERIFY_WITH_TIMEOUT(session.latestSnapshot() && session.latestSnapshot()->step == 1, 15000);
        const SnapshotPtr shown = session.latestSnapshot();
        QCOMPARE(shown->train, after);
        QCOMPARE(shown->events.size(), trainSettings().size());
        for (std::size_t i = 0; i < trainSettings().size(); ++i) {
            const TrainSetting& setting = trainSettings()[i];
            QCOMPARE(shown->events[i].name, QString(setting.name));
            QCOMPARE(shown->events[i].oldValue, setting.value(before));
            QCOMPARE(shown->events[i].newValue, setting.value(after));
            QVERIFY(!setting.changeLabel(shown->events[i].oldValue, shown->events[i].newValue).isEmpty());
        }
    }
};

QTEST_MAIN(TestTrainSettings)
#include "test_train_settings.moc"
