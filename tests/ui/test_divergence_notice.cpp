// DivergenceNotice: it shows the step and the likely cause of a Diverged snapshot (with the run's
// label in comparison mode) and hides otherwise, its buttons emit rollBackRequested(0.5 / 0.1) and
// resetRequested, rolling back is offered only when a healthy state was kept, and wired to a real
// TrainingSession it takes a diverged run back to a paused, finite one. The status bar names the cause.
// With RANKSCOPE_REVIEW_DIR set, reviewScreenshots() also writes the notice as PNGs for a look.
#include "divergence_notice.h"
#include "run_status_bar.h"
#include "session/training_session.h"
#include "small_runs.h"
#include "theme.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace rankscope;

namespace {

Snapshot divergedSnapshot(std::int64_t rollbackStep = 1200) {
    Snapshot snapshot;
    snapshot.step = 1233;
    snapshot.state = RunState::Diverged;
    snapshot.divergedAtStep = 1234;
    snapshot.divergence =
        DivergenceDiagnosis{DivergenceCause::LearningRateTooLarge, "lr = 3 too large for batch size 8",
                            "the loss grew ×1e6 in 20 steps and ‖W‖ ×1e3"};
    snapshot.rollbackStep = rollbackStep;
    return snapshot;
}

QPushButton* button(const DivergenceNotice& notice, const QString& text) {
    for (QPushButton* candidate : notice.findChildren<QPushButton*>())
        if (candidate->text() == text)
            return candidate;
    QTest::qFail(qPrintable("no button " + text), __FILE__, __LINE__);
    return nullptr;
}

QString labelText(const DivergenceNotice& notice, const char* name) {
    return notice.findChild<QLabel*>(name)->text();
}

} // namespace

class TestDivergenceNotice : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void showsTheStepAndTheLikelyCause() {
        DivergenceNotice notice;
        notice.showSnapshot(divergedSnapshot());
        QVERIFY(!notice.isHidden());
        QCOMPARE(labelText(notice, "headline"),
                 QString("Diverged at step 1,234 — likely cause: lr = 3 too large for batch size 8"));
        const QString details = labelText(notice, "details");
        QVERIFY2(details.startsWith("The loss grew ×1e6 in 20 steps and ‖W‖ ×1e3. Roll back to step 1,200"),
                 qPrintable(details));
    }

    void namesItsRunInComparisonMode() {
        DivergenceNotice notice;
        notice.setRunLabel("Run B");
        notice.showSnapshot(divergedSnapshot());
        QVERIFY(labelText(notice, "headline").startsWith("Run B: Diverged at step 1,234"));
    }

    void hidesForAnyOtherState() {
        DivergenceNotice notice;
        notice.showSnapshot(divergedSnapshot());
        Snapshot paused;
        paused.state = RunState::Paused;
        notice.showSnapshot(paused);
        QVERIFY(notice.isHidden());
    }

    void buttonsEmitTheirRequests() {
        DivergenceNotice notice;
        notice.showSnapshot(divergedSnapshot());
        QSignalSpy rollBack(&notice, &DivergenceNotice::rollBackRequested);
        QSignalSpy reset(&notice, &DivergenceNotice::resetRequested);
        QTest::mouseClick(button(notice, "Roll back, lr ÷ 2"), Qt::LeftButton);
        QTest::mouseClick(button(notice, "Roll back, lr ÷ 10"), Qt::LeftButton);
        QCOMPARE(rollBack.count(), 2);
        QCOMPARE(rollBack.at(0).first().toDouble(), 0.5);
        QCOMPARE(rollBack.at(1).first().toDouble(), 0.1);
        QCOMPARE(reset.count(), 0);
        QTest::mouseClick(button(notice, "Reset"), Qt::LeftButton);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(rollBack.count(), 2);
    }

    void rollBackNeedsAKeptState() {
        DivergenceNotice notice;
        notice.showSnapshot(divergedSnapshot(-1));
        QVERIFY(!button(notice, "Roll back, lr ÷ 2")->isEnabled());
        QVERIFY(!button(notice, "Roll back, lr ÷ 10")->isEnabled());
        QVERIFY(button(notice, "Reset")->isEnabled());
        QVERIFY(labelText(notice, "details")
                    .endsWith("No healthy state was kept: lower the learning rate and reset."));
    }

    void statusBarNamesTheCause() {
        const QString text = RunStatusBar::stateText(divergedSnapshot());
        QVERIFY2(
            text.contains(
                "Diverged at step 1234</b> — likely cause: lr = 3 too large for batch size 8. Roll back"),
            qPrintable(text));
    }

    void rollsARealSessionBack() {
        // The wiring MainWindow uses: snapshots polled on a timer -> notice, notice -> session.
        TrainingSession session;
        DivergenceNotice notice;
        connect(&notice, &DivergenceNotice::rollBackRequested, &session, &TrainingSession::rollBack);
        QTimer poll;
        connect(&poll, &QTimer::timeout, &notice, [&] {
            if (const SnapshotPtr latest = session.latestSnapshot())
                notice.showSnapshot(*latest);
        });
        poll.start(10);
        RunConfig config = smallRun();
        config.train.lr = 1;
        config.train.weight_decay = 2.5; // lr·wd >= 2
        session.load(config);
        session.setRunning(true);
        QTRY_VERIFY_WITH_TIMEOUT(!notice.isHidden(), 10000);
        QVERIFY(labelText(notice, "headline").contains("likely cause: lr·wd = 2.5 ≥ 2"));
        QTest::mouseClick(button(notice, "Roll back, lr ÷ 10"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(notice.isHidden(), 10000);
        const SnapshotPtr snapshot = session.latestSnapshot();
        QCOMPARE(snapshot->state, RunState::Paused);
        QCOMPARE(snapshot->train.lr, 0.1);
        for (const auto& W : snapshot->weights)
            QVERIFY(W.allFinite());
    }

    void reviewScreenshots() {
        const QString dir = qEnvironmentVariable("RANKSCOPE_REVIEW_DIR");
        if (dir.isEmpty())
            QSKIP("set RANKSCOPE_REVIEW_DIR to write the notice as PNGs");
        for (const Theme& theme : {Theme::light(), Theme::talk()}) {
            DivergenceNotice notice;
            notice.setRunLabel(theme.name == "talk" ? "Run B" : QString());
            notice.applyTheme(theme);
            notice.showSnapshot(divergedSnapshot());
            notice.resize(1200, notice.heightForWidth(1200) > 0 ? notice.heightForWidth(1200)
                                                                : notice.sizeHint().height());
            QVERIFY(notice.grab().save(dir + "/divergence-notice-" + theme.name + ".png"));
        }
    }
};

QTEST_MAIN(TestDivergenceNotice)
#include "test_divergence_notice.moc"
