// Comparison runs (common/comparison.h, session/run_group.h): every run of a comparison starts from
// bit-identical data and initial weights; full-batch GD and SGD shrink layer 1's null-space part by
// the same factor per step (Janus), so at equal steps their norms agree while per epoch SGD's falls
// faster; a RunGroup trains one session per run and changes one run's settings without the others'.
#include "common/comparison.h"
#include "data/data_factory.h"
#include "io/preset_library.h"
#include "measures/nullspace.h"
#include "nn/trainer.h"
#include "session/run_group.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {

std::vector<ComparisonRun> runsOf(const QString& preset) {
    const auto config = resolvePreset(preset);
    if (!config)
        qFatal("%s", qPrintable(config.error()));
    return comparisonRuns(config.value()).value();
}

std::unique_ptr<Trainer> trainerFor(const RunConfig& config) {
    auto data = makeDataSplit(config);
    if (!data)
        qFatal("%s", qPrintable(data.error()));
    return std::make_unique<Trainer>(config, std::make_shared<const DataSplit>(std::move(data).value()));
}

bool sameNetwork(const Network& a, const Network& b) {
    if (a.layers().size() != b.layers().size())
        return false;
    for (std::size_t l = 0; l < a.layers().size(); ++l)
        if (a.layers()[l].W != b.layers()[l].W || a.layers()[l].b != b.layers()[l].b)
            return false;
    return true;
}

} // namespace

class TestComparisonRuns : public QObject {
    Q_OBJECT
private slots:
    void runsStartFromIdenticalDataAndWeights_data() {
        QTest::addColumn<QString>("preset");
        QTest::newRow("sgd-vs-gd") << "sgd-vs-gd";
        QTest::newRow("batch-sizes") << "batch-sizes";
        QTest::newRow("weight-decay-on-off") << "weight-decay-on-off";
    }

    void runsStartFromIdenticalDataAndWeights() {
        QFETCH(QString, preset);
        const std::vector<ComparisonRun> runs = runsOf(preset);
        QVERIFY(runs.size() >= 2);
        const auto first = trainerFor(runs.front().config);
        for (std::size_t i = 1; i < runs.size(); ++i) {
            const auto other = trainerFor(runs[i].config);
            QVERIFY2(sameNetwork(first->network(), other->network()), qPrintable(runs[i].label));
            QVERIFY(first->data().train.x == other->data().train.x);
            QVERIFY(first->data().train.labels == other->data().train.labels);
            QVERIFY(first->data().train.targets == other->data().train.targets);
            QVERIFY(first->data().test.x == other->data().test.x);
        }
    }

    // Janus: W1 P_perp <- (1 - lr wd) W1 P_perp at every step, whatever the batch.
    void gdAndSgdNullSpaceNormsAreEqualAtEqualSteps() {
        const std::vector<ComparisonRun> runs = runsOf("sgd-vs-gd");
        QCOMPARE(runs.size(), std::size_t(2));
        QVERIFY(!runs[0].config.train.full_batch && runs[1].config.train.full_batch);
        const auto sgd = trainerFor(runs[0].config);
        const auto gd = trainerFor(runs[1].config);
        const NullSpaceProjector projector(sgd->data().train.x);
        QVERIFY(projector.hasNullSpace());
        const auto norm = [&](const Trainer& t) {
            return projector.nullSpaceNorm(t.network().layers().front().W);
        };
        const double initial = norm(*sgd);
        QCOMPARE(norm(*gd), initial);
        const double decay = 1 - runs[0].config.train.lr * runs[0].config.train.weight_decay;
        for (int checkpoint = 1; checkpoint <= 4; ++checkpoint) {
            for (int i = 0; i < 500; ++i)
                QVERIFY(sgd->step() && gd->step());
            const double theory = initial * std::pow(decay, sgd->steps());
            QVERIFY2(std::abs(norm(*sgd) - norm(*gd)) <= 1e-4 * theory,
                     qPrintable(
                         QString("step %1: SGD %2, GD %3").arg(sgd->steps()).arg(norm(*sgd)).arg(norm(*gd))));
            QVERIFY(std::abs(norm(*sgd) - theory) <= 1e-4 * theory); // float32 round-off over 2000 steps
        }
        // Per epoch: after 2000 steps GD has seen 2000 epochs, SGD 2000 / (64 / 8) = 250; at equal epochs
        // (250) GD has taken 250 steps and its norm is still initial * decay^250, far above SGD's.
        QCOMPARE(gd->epoch(), 2000.0);
        QCOMPARE(sgd->epoch(), 250.0);
        QVERIFY(norm(*sgd) < 0.5 * initial * std::pow(decay, 250));
    }

    void runGroupTrainsOneSessionPerRun() {
        RunGroup group;
        QVERIFY(group.load(resolvePreset("sgd-vs-gd").value()).ok());
        QCOMPARE(group.size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(group.session(0).latestSnapshot() && group.session(1).latestSnapshot(),
                                 20000);
        const SnapshotPtr sgd = group.session(0).latestSnapshot();
        const SnapshotPtr gd = group.session(1).latestSnapshot();
        QCOMPARE(sgd->step, std::int64_t(0));
        QVERIFY(sgd->weights == gd->weights);
        QCOMPARE(gd->batchSize, 64);

        TrainConfig slower = group.run(1).config.train;
        slower.lr = 0.01;
        group.setTrainConfig(1, slower);
        group.step(3);
        QTRY_VERIFY_WITH_TIMEOUT(group.session(0).latestSnapshot()->step == 3 &&
                                     group.session(1).latestSnapshot()->step == 3,
                                 20000);
        QCOMPARE(group.session(1).latestSnapshot()->train.lr, 0.01);
        QCOMPARE(group.session(0).latestSnapshot()->train.lr, 0.05);

        RunConfig broken = resolvePreset("batch-sizes").value();
        broken.compare.push_back(RunVariant{"x", {{"model.hidden", "4"}}});
        QVERIFY(!group.load(broken).ok());
        QCOMPARE(group.size(), 2); // the failed load changed nothing

        QVERIFY(group.load(resolvePreset("batch-sizes").value()).ok());
        QCOMPARE(group.size(), 4);
        QCOMPARE(group.run(3).label, QString("B = 256"));
    }
};

QTEST_GUILESS_MAIN(TestComparisonRuns)
#include "test_comparison_runs.moc"
