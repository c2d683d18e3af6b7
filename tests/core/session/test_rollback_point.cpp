// RollbackPoint: it keeps the initial weights, follows a healthy run one offer behind (a state is kept once
// the step after it measured its loss; two sets of buffers, no allocation), refuses a state whose loss
// is blowing up (so a slow explosion cannot overwrite the good state) or that diverged, and restoring it
// returns the trainer to the kept step.
#include "data/data_factory.h"
#include "session/rollback_point.h"
#include "small_runs.h"

#include <QTest>

using namespace rankscope;

namespace {

Trainer smallTrainer() {
    return trainerFor(tinyRun());
}

void run(Trainer& trainer, int steps) {
    for (int t = 0; t < steps; ++t)
        QVERIFY(trainer.step());
}

} // namespace

class TestRollbackPoint : public QObject {
    Q_OBJECT
private slots:
    void followsAHealthyRun() {
        Trainer trainer = smallTrainer();
        RollbackPoint point;
        QVERIFY(!point.available());
        QCOMPARE(point.step(), std::int64_t(-1));
        QVERIFY(point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(0)); // the initial weights: kept at once
        run(trainer, 200);
        const Eigen::MatrixXf W200 = trainer.network().layers()[0].W;
        QVERIFY(point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(0)); // step 200's weights are not measured yet
        QVERIFY(point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(0)); // nor after a second offer without a step
        run(trainer, 1);                         // step 201 records the loss of step 200's weights
        QVERIFY(point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(200));
        QCOMPARE(point.checkpoint().W[0], W200);
        // From now on the kept state and the candidate take turns with two sets of buffers.
        const float* first = point.checkpoint().W[0].data();
        run(trainer, 10);
        QVERIFY(point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(201));
        const float* second = point.checkpoint().W[0].data();
        QVERIFY(second != first);
        run(trainer, 10);
        QVERIFY(point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(211));
        QCOMPARE(point.checkpoint().W[0].data(), first);
    }

    // One huge update leaves weights whose loss nobody has measured yet: the trace still looks
    // healthy (it holds the loss of the weights before the update), but they must not be kept.
    void keepsAStateOnlyOnceItsOwnLossIsMeasured() {
        Trainer trainer = smallTrainer();
        RollbackPoint point;
        QVERIFY(point.offer(trainer));
        TrainConfig huge = trainer.trainConfig();
        huge.lr = 1e5;
        huge.weight_decay = 0;
        trainer.setTrainConfig(huge);
        QVERIFY(trainer.step());
        QVERIFY(point.offer(trainer)); // a candidate
        QCOMPARE(point.step(), std::int64_t(0));
        trainer.step(); // measures it: a huge loss, or a divergence
        QVERIFY(!point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(0));
        while (trainer.step()) {
        }
        QVERIFY(!point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(0));
    }

    void refusesABlowUpAndADivergence() {
        Trainer trainer = smallTrainer();
        run(trainer, 100);
        RollbackPoint point;
        QVERIFY(point.offer(trainer));
        TrainConfig unstable = trainer.trainConfig();
        unstable.lr = 1;
        unstable.weight_decay = 2.5; // |1 - lr·wd| = 1.5: |W| grows by half each step
        trainer.setTrainConfig(unstable);
        // The logits grow like 1.5^(3 t) over three layers: the loss leaves chance level far behind.
        while (trainer.step() && trainer.stepTrace().recentMeanLoss(RollbackPoint::kLossWindow) < 1000) {
        }
        QVERIFY2(!trainer.diverged(), "the loss jumped to NaN/Inf with no finite blow-up in between");
        QVERIFY(!point.offer(trainer));
        while (trainer.step()) {
        }
        QVERIFY(trainer.diverged());
        QVERIFY(!point.offer(trainer));
        QCOMPARE(point.step(), std::int64_t(100));

        trainer.restore(point.checkpoint());
        QVERIFY(!trainer.diverged());
        QCOMPARE(trainer.steps(), std::int64_t(100));
        QCOMPARE(trainer.trainConfig().weight_decay, smallTrainer().trainConfig().weight_decay);
    }
};

QTEST_APPLESS_MAIN(TestRollbackPoint)
#include "test_rollback_point.moc"
