// SnapshotBuilder on a tiny trainer: capture() copies the trainer's state, analyze() measures the
// copy (spectra, test metrics on at most maxTestSamples, the rank bound), the null-space norm follows
// the Janus theory when the inputs do not span R^d, and a diverged trainer captures its diagnosis.
#include "measures/conv_operator_spectrum.h"
#include "measures/spectrum.h"
#include "session/snapshot_builder.h"
#include "small_runs.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {
void train(Trainer& trainer, int steps) {
    for (int i = 0; i < steps; ++i)
        trainer.step();
}

bool near(double a, double b, double tolerance) {
    return std::abs(a - b) <= tolerance * std::abs(b);
}
} // namespace

class TestSnapshotBuilder : public QObject {
    Q_OBJECT
private slots:
    void captureCopiesTheTrainerState() {
        Trainer trainer = trainerFor(tinyRun());
        train(trainer, 5);
        const TrainingCapture capture = SnapshotBuilder::capture(trainer);
        const Snapshot& s = capture.snapshot;
        QCOMPARE(s.step, std::int64_t(5));
        QCOMPARE(s.epoch, trainer.epoch());
        QCOMPARE(s.batchSize, 8);
        QVERIFY(s.train == trainer.trainConfig());
        QCOMPARE(s.state, RunState::Paused);
        QVERIFY(std::isfinite(s.metrics.trainLoss));
        QCOMPARE(s.weights.size(), trainer.network().layers().size());
        QCOMPARE(capture.biases.size(), trainer.network().layers().size());
        const Eigen::MatrixXf firstAtStep5 = trainer.network().layers()[0].W;
        QCOMPARE(s.weights[0], firstAtStep5);
        train(trainer, 1);
        QCOMPARE(s.weights[0], firstAtStep5); // a copy, not a view of the live weights
    }

    void analyzeMeasuresTheCopiedWeights() {
        Trainer trainer = trainerFor(tinyRun());
        train(trainer, 20);
        const SnapshotBuilder builder(trainer);
        const Snapshot s = builder.build(trainer);
        QCOMPARE(s.analysis.layers.size(), std::size_t(3));
        const Eigen::VectorXd expected = singularValues(trainer.network().layers()[1].W);
        QVERIFY((s.analysis.layers[1].singularValues - expected).cwiseAbs().maxCoeff() < 1e-12);
        const Evaluation test = trainer.evaluate(trainer.data().test, 16);
        QVERIFY(near(s.metrics.testLoss, test.loss, 1e-6));
        QCOMPARE(s.metrics.testAcc, test.accuracy);
        const TrainConfig& t = trainer.trainConfig();
        QCOMPARE(s.analysis.rankBound, rankBound(8, t.lr, t.weight_decay, trainer.metricsConfig().rank_eps));
        QCOMPARE(s.analysis.layers[0].updateNoise, trainer.layerStats()[0].updateNoise);
    }

    // A CNN's "same" conv layers carry the spectrum of their operator on their input grid and its
    // rank_eps; a layer that shrinks its grid, a strided one and the dense layers carry none.
    void convLayersCarryTheirOperatorSpectrum() {
        const RunConfig config =
            asCnn(tinyRun(), {2, 10, 10},
                  {{3, 3, 1, 1, 2}, {4, 3, 1, 1, 0}, {4, 3, 1, 0, 0}, {4, 3, 2, 1, 0}}, {8});
        Trainer trainer = trainerFor(config);
        train(trainer, 10);
        const Snapshot s = SnapshotBuilder(trainer).build(trainer);
        const std::vector<LayerAnalysis>& layers = s.analysis.layers;
        QCOMPARE(layers.size(), std::size_t(6));
        const Eigen::VectorXd second = convOperatorSingularValues(s.weights[1], {3, 5, 5}, 3);
        QCOMPARE(layers[1].operatorSingularValues, second); // its input: 10 x 10 conv, pooled by 2
        QCOMPARE(layers[0].operatorSingularValues.size(), Eigen::Index(2 * 10 * 10));
        const double eps = trainer.metricsConfig().rank_eps;
        QCOMPARE(layers[1].operatorRank, double((second.array() / second(0) > eps).count()));
        for (int l : {2, 3, 4, 5}) {
            QCOMPARE(layers[l].operatorSingularValues.size(), Eigen::Index(0));
            QVERIFY(std::isnan(layers[l].operatorRank));
        }
    }

    // The operator spectra stop at the snapshot's budget: a 64-channel layer on 32 x 32 costs six
    // times all of it.
    void operatorSpectraStopAtTheBudget() {
        const RunConfig config = asCnn(tinyRun(), {1, 32, 32}, {{64, 3, 1, 1, 0}, {64, 3, 1, 1, 0}}, {});
        Trainer trainer = trainerFor(config);
        const Snapshot s = SnapshotBuilder(trainer).build(trainer, 0);
        QCOMPARE(s.analysis.layers[0].operatorSingularValues.size(), Eigen::Index(32 * 32));
        QCOMPARE(s.analysis.layers[1].operatorSingularValues.size(), Eigen::Index(0));
    }

    void maxTestSamplesBoundsTheTestEvaluation() {
        Trainer trainer = trainerFor(tinyRun());
        const SnapshotBuilder builder(trainer);
        const Snapshot four = builder.build(trainer, 4);
        QVERIFY(near(four.metrics.testLoss, trainer.evaluate(trainer.data().test, 4).loss, 1e-6));
        const Snapshot none = builder.build(trainer, 0);
        QVERIFY(std::isnan(none.metrics.testLoss));
        QVERIFY(std::isnan(none.metrics.testAcc));
    }

    void theNullSpaceNormFollowsTheJanusTheory() {
        // Four training samples in R^8: W_1's component outside their span gets no gradient, only
        // weight decay, so it shrinks by exactly prod_t (1 - lr wd).
        RunConfig config = tinyRun();
        config.data.train_size = 4;
        config.train.weight_decay = 0.05;
        Trainer trainer = trainerFor(config);
        const SnapshotBuilder builder(trainer);
        const Snapshot start = builder.build(trainer);
        QVERIFY(start.analysis.nullSpaceNorm > 0);
        QVERIFY(near(start.analysis.nullSpaceTheory, start.analysis.nullSpaceNorm, 1e-9));
        train(trainer, 50);
        const Snapshot later = builder.build(trainer);
        const double decay = std::pow(1 - config.train.lr * config.train.weight_decay, 50);
        QVERIFY(near(later.analysis.nullSpaceTheory, start.analysis.nullSpaceNorm * decay, 1e-9));
        QVERIFY2(
            near(later.analysis.nullSpaceNorm, later.analysis.nullSpaceTheory, 1e-4),
            qPrintable(
                QString("%1 vs %2").arg(later.analysis.nullSpaceNorm).arg(later.analysis.nullSpaceTheory)));
    }

    void aDivergedTrainerCapturesItsDiagnosis() {
        RunConfig config = tinyRun();
        config.train.lr = 1e6;
        Trainer trainer = trainerFor(config);
        for (int i = 0; i < 100 && !trainer.diverged(); ++i)
            trainer.step();
        QVERIFY(trainer.diverged());
        const Snapshot s = SnapshotBuilder::capture(trainer).snapshot;
        QCOMPARE(s.state, RunState::Diverged);
        QCOMPARE(s.divergedAtStep, trainer.steps() + 1);
        QVERIFY(s.divergence.has_value());
    }
};

QTEST_MAIN(TestSnapshotBuilder)
#include "test_snapshot_builder.moc"
