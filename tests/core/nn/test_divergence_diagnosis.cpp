// Divergence diagnosis: the weight-decay stability limit 2(1 + momentum), the cause and sentence for
// hand-made traces (a loss that blew up, no build-up, no finite step at all), and real runs of the
// trainer that diverge for each of the two causes.
#include "data/data_factory.h"
#include "nn/divergence_diagnosis.h"
#include "nn/trainer.h"
#include "small_runs.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {

TrainConfig settings(double lr, double weightDecay, double momentum = 0) {
    TrainConfig train;
    train.lr = lr;
    train.weight_decay = weightDecay;
    train.momentum = momentum;
    return train;
}

// `flat` steps at loss 1 and ‖W‖ 10, then `growing` steps whose loss and ‖W‖ grow geometrically.
std::vector<StepRecord> blowUpTrace(int flat, int growing, double lossFactor, double weightFactor) {
    std::vector<StepRecord> steps;
    for (int i = 0; i < flat + growing; ++i) {
        const int k = std::max(0, i - flat + 1);
        steps.push_back({i + 1, std::pow(lossFactor, k), 10 * std::pow(weightFactor, k)});
    }
    return steps;
}

// Trains a small MLP on a Gaussian mixture until it diverges (at most 20,000 steps).
Trainer divergedTrainer(const TrainConfig& train) {
    RunConfig config = tinyRun();
    config.train = train;
    Trainer trainer = trainerFor(config);
    for (int t = 0; t < 20000 && trainer.step(); ++t) {
    }
    return trainer;
}

} // namespace

class TestDivergenceDiagnosis : public QObject {
    Q_OBJECT
private slots:
    void weightDecayLimitIsTwoTimesOnePlusMomentum() {
        QCOMPARE(weightDecayStabilityLimit(0), 2.0);
        QCOMPARE(weightDecayStabilityLimit(0.9), 3.8);
    }

    void lrTimesWdAtOrAboveTwoBlamesWeightDecay() {
        const DivergenceDiagnosis d = diagnoseDivergence(settings(3, 0.8), 8, blowUpTrace(30, 20, 2, 1.4));
        QCOMPARE(d.cause, DivergenceCause::WeightDecayUnstable);
        QVERIFY2(
            d.sentence().startsWith("lr·wd = 2.4 ≥ 2: weight decay alone multiplies W by 1 − lr·wd = -1.4"),
            qPrintable(d.sentence()));
        QCOMPARE(d.summary, QString("lr·wd = 2.4 ≥ 2"));
        QCOMPARE(diagnoseDivergence(settings(2, 1), 8, {}).cause,
                 DivergenceCause::WeightDecayUnstable); // the boundary
    }

    void lrTimesWdBetweenOneAndTwoOnlyFlipsTheSign() {
        // |1 - 1.2| < 1: the decay still shrinks W, so it is not the cause.
        QCOMPARE(diagnoseDivergence(settings(3, 0.4), 8, {}).cause, DivergenceCause::LearningRateTooLarge);
    }

    void momentumRaisesTheLimit() {
        QCOMPARE(diagnoseDivergence(settings(3, 1, 0.9), 8, {}).cause, DivergenceCause::LearningRateTooLarge);
        const DivergenceDiagnosis d = diagnoseDivergence(settings(4, 1, 0.9), 8, {});
        QCOMPARE(d.cause, DivergenceCause::WeightDecayUnstable);
        QVERIFY2(d.summary.endsWith("≥ 2·(1 + momentum) = 3.8"), qPrintable(d.sentence()));
    }

    void explodingLossBlamesTheLearningRateWithTheGrowth() {
        // Loss x1e6 over steps 30..50 (x2 per step, 2^20 = 1.05e6), weights x1e3 (x1.41^20 = 1e3). A lucky
        // batch with a tiny loss long before must not date the blow-up's start.
        std::vector<StepRecord> trace = blowUpTrace(30, 20, 2, std::sqrt(2.0));
        trace[4].loss = 1e-3;
        const DivergenceDiagnosis d = diagnoseDivergence(settings(3, 0), 8, trace);
        QCOMPARE(d.cause, DivergenceCause::LearningRateTooLarge);
        QCOMPARE(d.summary, QString("lr = 3 too large for batch size 8"));
        QCOMPARE(d.evidence, QString("the loss grew ×1e6 in 20 steps and ‖W‖ ×1e3"));
    }

    void noBuildUpAndNoStepAreSaidSo() {
        const DivergenceDiagnosis flat = diagnoseDivergence(settings(3, 0), 8, blowUpTrace(50, 0, 1, 1));
        QVERIFY2(flat.evidence.endsWith("with no build-up over the last 50 steps"),
                 qPrintable(flat.evidence));
        const DivergenceDiagnosis none = diagnoseDivergence(settings(1e5, 0), 16, {});
        QVERIFY2(none.evidence.endsWith("the very first step overflowed"), qPrintable(none.evidence));
    }

    void realRunsDivergeForTheDiagnosedCause() {
        const Trainer decay = divergedTrainer(settings(1, 2.5)); // decay factor -1.5 per step
        QVERIFY(decay.diverged());
        QCOMPARE(diagnoseDivergence(decay.trainConfig(), decay.batchSize(), decay.stepTrace().chronological())
                     .cause,
                 DivergenceCause::WeightDecayUnstable);

        const Trainer steep = divergedTrainer(settings(50, 0));
        QVERIFY(steep.diverged());
        const DivergenceDiagnosis d =
            diagnoseDivergence(steep.trainConfig(), steep.batchSize(), steep.stepTrace().chronological());
        QCOMPARE(d.cause, DivergenceCause::LearningRateTooLarge);
        qInfo("lr = 50, B = 8 diverged at step %lld: %s", static_cast<long long>(steep.steps() + 1),
              qPrintable(d.sentence()));
    }
};

QTEST_APPLESS_MAIN(TestDivergenceDiagnosis)
#include "test_divergence_diagnosis.moc"
