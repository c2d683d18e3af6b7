// ChangeLog (session/change_log.h): a burst of changes to one setting is one event from the value
// before to the value after; changes further apart than the quiet time, or that do not continue
// the last one, are separate events; a burst back to the start leaves none; a rollback ends folding.
#include "session/change_log.h"

#include <QTest>

using namespace rankscope;

namespace {

TrainConfig withWd(double wd) {
    TrainConfig train;
    train.weight_decay = wd;
    return train;
}

// Records a drag of weight decay through `values`, `secondsApart` between two changes, from `step`.
void drag(ChangeLog& log, const std::vector<double>& values, double secondsApart, std::int64_t step = 10,
          double start = 0) {
    for (std::size_t i = 1; i < values.size(); ++i)
        log.record(step + static_cast<std::int64_t>(i), withWd(values[i - 1]), withWd(values[i]),
                   start + i * secondsApart);
}

} // namespace

class TestChangeLog : public QObject {
    Q_OBJECT
private slots:
    void aDragIsOneEvent() {
        ChangeLog log;
        drag(log, {0.01, 0.007, 0.005, 0.003, 0.002, 0.0015, 0.001, 0.0002, 0}, 0.1);
        QCOMPARE(log.events().size(), std::size_t(1));
        const ChangeEvent& event = log.events().front();
        QCOMPARE(event.name, QString("weight_decay"));
        QCOMPARE(event.oldValue, 0.01);
        QCOMPARE(event.newValue, 0.0);
        QCOMPARE(event.step, std::int64_t(11)); // where the drag began
    }

    void changesAQuietTimeApartAreTwoEvents() {
        ChangeLog log;
        drag(log, {0.01, 0.005, 0}, ChangeLog::kQuietSeconds * 1.5);
        QCOMPARE(log.events().size(), std::size_t(2));
        QCOMPARE(log.events()[1].oldValue, 0.005);
    }

    void aDragBackToTheStartLeavesNoEvent() {
        ChangeLog log;
        drag(log, {0.01, 0.005, 0.01}, 0.1);
        QVERIFY(log.events().empty());
    }

    void otherSettingsKeepTheirOwnEvents() {
        ChangeLog log;
        TrainConfig before = withWd(0.01);
        TrainConfig after = before;
        after.lr = 0.05;
        log.record(5, before, after, 0);
        after.weight_decay = 0;
        log.record(6, withWd(0.01), withWd(0), 0.1);
        QCOMPARE(log.events().size(), std::size_t(2));
        QCOMPARE(log.events()[0].name, QString("lr"));
        QCOMPARE(log.events()[1].name, QString("weight_decay"));
    }

    void nothingFoldsAcrossARollback() {
        ChangeLog log;
        drag(log, {0.01, 0.005}, 0.1, 10);
        log.dropAfter(50);
        QCOMPARE(log.events().size(), std::size_t(1));     // its step, 11, is before the rollback
        log.record(51, withWd(0.005), withWd(0.001), 0.2); // continues it, within the quiet time
        QCOMPARE(log.events().size(), std::size_t(2));
        log.dropAfter(20);
        QCOMPARE(log.events().size(), std::size_t(1));
        QCOMPARE(log.events().front().newValue, 0.005);
    }
};

QTEST_MAIN(TestChangeLog)
#include "test_change_log.moc"
