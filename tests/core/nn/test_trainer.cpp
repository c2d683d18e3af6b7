// Trainer: determinism, the Janus null-space decay, chunked (large) batches, live hyper-parameter
// changes, divergence, and no heap allocation inside a step.
//
// Allocation counting: this test links with -Wl,--wrap=malloc (tests/core/nn/CMakeLists.txt), so
// every malloc from RankScope's and Eigen's code — the static core library is linked into this
// executable — goes through countingMalloc below, and operator new is replaced as well.
#include "data/data_factory.h"
#include "nn/trainer.h"

#include <QTest>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

using namespace rankscope;

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
} // namespace

extern "C" void* __real_malloc(std::size_t size);
extern "C" void* __wrap_malloc(std::size_t size) {
    if (g_counting)
        ++g_allocations;
    return __real_malloc(size);
}
void* operator new(std::size_t size) {
    if (g_counting)
        ++g_allocations;
    if (void* p = __real_malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

// Classification data whose inputs live in the first r of d coordinates: the null space of the
// training inputs is spanned by the remaining d - r coordinate axes.
std::shared_ptr<const DataSplit> subspaceData(int n, int d, int r, int classes, bool regression) {
    auto split = std::make_shared<DataSplit>();
    Rng rng(42);
    for (Dataset* set : {&split->train, &split->test}) {
        set->x = Eigen::MatrixXf::Zero(d, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < r; ++j)
                set->x(j, i) = static_cast<float>(standardNormal(rng));
        set->classes = classes;
        if (regression) {
            set->targets = set->x.topRows(classes); // a linear teacher
        } else {
            for (int i = 0; i < n; ++i)
                set->labels.push_back(set->x(0, i) > 0 ? 1 : 0);
        }
    }
    return split;
}

RunConfig config(int batch, std::vector<int> hidden = {16, 16}) {
    RunConfig c;
    c.seed = 9;
    c.model.hidden = std::move(hidden);
    c.train.batch_size = batch;
    c.train.lr = 0.05;
    c.train.weight_decay = 0.01;
    return c;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameWeights() {
        const auto data = subspaceData(200, 10, 10, 2, false);
        Trainer a(config(8), data), b(config(8), data);
        for (int t = 0; t < 300; ++t) {
            QVERIFY(a.step());
            QVERIFY(b.step());
        }
        for (std::size_t l = 0; l < a.network().layers().size(); ++l)
            QCOMPARE(a.network().layers()[l].W, b.network().layers()[l].W);
        RunConfig other = config(8);
        other.seed = 10;
        Trainer c(other, data);
        QVERIFY(c.network().layers()[0].W != a.network().layers()[0].W);
    }

    void nullSpaceDecaysExactlyByOneMinusLrWd() {
        // Linear regression (hidden = []), inputs in the first 6 of 20 coordinates.
        RunConfig c = config(4, {});
        c.loss = LossKind::Mse;
        c.data.kind = DataKind::LinearRegression;
        Trainer trainer(c, subspaceData(50, 20, 6, 3, true));
        const Eigen::MatrixXf W0 = trainer.network().layers()[0].W;
        const double initial = W0.rightCols(14).norm();
        for (int t = 0; t < 500; ++t)
            QVERIFY(trainer.step());
        const double measured = trainer.network().layers()[0].W.rightCols(14).norm();
        const double theory = initial * std::pow(1 - 0.05 * 0.01, 500);
        QVERIFY(std::abs(trainer.nullSpaceDecay() - std::pow(1 - 0.05 * 0.01, 500)) < 1e-12);
        QVERIFY2(std::abs(measured - theory) < 1e-4 * theory,
                 qPrintable(QString("%1 vs %2").arg(measured).arg(theory)));
    }

    void changesApplyAtTheNextStep() {
        const auto data = subspaceData(100, 8, 8, 2, false);
        Trainer trainer(config(8), data);
        QVERIFY(trainer.step());
        TrainConfig changed = trainer.trainConfig();
        changed.lr = 0.2;
        changed.batch_size = 32;
        trainer.setTrainConfig(changed);
        QCOMPARE(trainer.batchSize(), 32);
        QVERIFY(trainer.step());
        const double expected = (1 - 0.05 * 0.01) * (1 - 0.2 * 0.01);
        QVERIFY(std::abs(trainer.nullSpaceDecay() - expected) < 1e-15);
        QCOMPARE(trainer.epoch(), (8.0 + 32.0) / 100.0);
    }

    void largeBatchesAccumulateChunksExactly() {
        // 1200 samples in one full-batch step are processed in chunks; the result must match a
        // single forward/backward over all samples.
        const auto data = subspaceData(1200, 6, 6, 2, false);
        RunConfig c = config(8);
        c.train.full_batch = true;
        Trainer trainer(c, data);
        Rng initRng = makeRng(c.seed, RngStream::Init);
        Network reference({6, {16, 16}, 2, true, false, {}, {}}, initRng);
        reference.reserveBatch(1200);
        Eigen::MatrixXf dLogits(2, 1200);
        (void)lossAndGradient(LossKind::CrossEntropy, reference.forward(data->train.x),
                              {data->train.labels, nullptr}, 1200, dLogits);
        reference.backward(data->train.x, dLogits);
        Sgd sgd(reference);
        std::vector<LayerUpdateNorms> norms(3);
        QVERIFY(sgd.step(reference, {0.05, 0.01, 0}, norms));
        QVERIFY(trainer.step());
        for (int l = 0; l < 3; ++l)
            QVERIFY((trainer.network().layers()[l].W - reference.layers()[l].W).norm() < 1e-5);
        QCOMPARE(trainer.epoch(), 1.0);
    }

    void divergenceKeepsTheLastFiniteWeights() {
        RunConfig c = config(8);
        c.train.lr = 1e30;
        Trainer trainer(c, subspaceData(100, 8, 8, 2, false));
        int steps = 0;
        while (trainer.step() && steps < 100)
            ++steps;
        QVERIFY(trainer.diverged());
        for (const DenseLayer& layer : trainer.network().layers())
            QVERIFY(layer.W.allFinite());
        QVERIFY(!trainer.step());
    }

    void restoringACheckpointContinuesBitForBit() {
        RunConfig c = config(8);
        c.train.momentum = 0.9; // the momentum buffers are part of the state
        Trainer trainer(c, subspaceData(100, 8, 8, 2, false));
        for (int t = 0; t < 30; ++t)
            QVERIFY(trainer.step());
        const TrainerCheckpoint checkpoint = trainer.checkpoint();
        const double epochAtCheckpoint = trainer.epoch();
        for (int t = 0; t < 40; ++t) // crosses epoch boundaries: the batch order must be restored too
            QVERIFY(trainer.step());
        const Eigen::MatrixXf expected = trainer.network().layers()[1].W;
        const double expectedDecay = trainer.nullSpaceDecay();
        TrainConfig other = trainer.trainConfig();
        other.lr = 1e30;
        trainer.setTrainConfig(other);
        for (int t = 0; t < 100 && trainer.step(); ++t) {
        }
        QVERIFY(trainer.diverged());
        trainer.restore(checkpoint);
        QVERIFY(!trainer.diverged());
        QCOMPARE(trainer.steps(), std::int64_t(30));
        QCOMPARE(trainer.trainConfig().lr, c.train.lr);
        QCOMPARE(trainer.epoch(), epochAtCheckpoint);
        for (int t = 0; t < 40; ++t)
            QVERIFY(trainer.step());
        QCOMPARE(trainer.network().layers()[1].W, expected);
        QCOMPARE(trainer.nullSpaceDecay(), expectedDecay);
    }

    void stepTraceRecordsLossAndWeightNorm() {
        Trainer trainer(config(8), subspaceData(100, 8, 8, 2, false));
        QVERIFY(trainer.stepTrace().empty());
        double weightSquared = 0;
        for (const DenseLayer& layer : trainer.network().layers())
            weightSquared += layer.W.squaredNorm();
        for (int t = 0; t < StepTrace::kCapacity + 10; ++t)
            QVERIFY(trainer.step());
        const std::vector<StepRecord> records = trainer.stepTrace().chronological();
        QCOMPARE(records.size(), std::size_t(StepTrace::kCapacity));
        QCOMPARE(records.front().step, std::int64_t(11));
        QCOMPARE(records.back().step, trainer.steps());
        QCOMPARE(records.back().loss, trainer.lastLoss());
        const StepRecord& first = trainer.stepTrace().first();
        QCOMPARE(first.step, std::int64_t(1));
        QVERIFY(std::abs(first.weightNorm - std::sqrt(weightSquared)) < 1e-5 * first.weightNorm);
    }

    void measuresUpdateNoiseEpochChangeAndGradientNoise() {
        RunConfig c = config(10);
        c.metrics.gradient_noise_every = 1;
        Trainer trainer(c, subspaceData(100, 8, 8, 2, false));
        for (int t = 0; t < 25; ++t)
            QVERIFY(trainer.step());
        for (const LayerStepStats& stats : trainer.layerStats()) {
            QVERIFY(stats.updateNoise > 0 && std::isfinite(stats.updateNoiseEma));
            QVERIFY(stats.epochChange > 0); // two epochs of 10 steps completed
        }
        QVERIFY(trainer.gradientNoise() > 0 && std::isfinite(trainer.gradientNoise()));
        const Evaluation averages = trainer.takeTrainAverages();
        QVERIFY(averages.loss > 0 && averages.accuracy >= 0 && averages.accuracy <= 1);
        QVERIFY(std::isnan(trainer.takeTrainAverages().loss)); // reset after taking
    }

    // Without biases backward() leaves db alone, so the gradient-noise measurement must not read
    // whatever the parked buffers held: the measure is finite and the same in every trainer.
    void gradientNoiseWithoutBiasesIsFiniteAndRepeatable() {
        RunConfig c = config(10);
        c.model.bias = false;
        c.metrics.gradient_noise_every = 1;
        double first = 0;
        for (int copy = 0; copy < 3; ++copy) {
            std::vector<std::vector<float>> noise(64, std::vector<float>(4096, -1e30f)); // dirty the heap
            noise.clear();
            Trainer trainer(c, subspaceData(100, 8, 8, 2, false));
            for (int t = 0; t < 5; ++t)
                QVERIFY(trainer.step());
            QVERIFY(trainer.gradientNoise() > 0 && std::isfinite(trainer.gradientNoise()));
            if (copy == 0)
                first = trainer.gradientNoise();
            QCOMPARE(trainer.gradientNoise(), first);
        }
    }

    void stepDoesNotAllocate() {
        for (int batch : {8, 128, 700}) {
            RunConfig c = config(batch, {64, 64, 64});
            c.train.momentum = 0.9;
            c.metrics.gradient_noise_every = 0;
            Trainer trainer(c, subspaceData(1000, 32, 32, 2, false));
            for (int t = 0; t < 3; ++t) // warm-up: epoch boundaries, momentum buffers
                QVERIFY(trainer.step());
            g_allocations = 0;
            g_counting = true;
            for (int t = 0; t < 200; ++t)
                trainer.step();
            g_counting = false;
            QVERIFY2(g_allocations == 0,
                     qPrintable(QString("batch %1: %2 allocations").arg(batch).arg(g_allocations.load())));
        }
    }

    // The conv blocks (im2col, pooling, residual skips, flatten) reuse their buffers too.
    void cnnStepDoesNotAllocate() {
        for (int batch : {8, 300}) {
            RunConfig c;
            c.data.kind = DataKind::Images;
            c.data.image_shape = {2, 12, 12};
            c.data.train_size = 400;
            c.data.test_size = 0;
            c.data.classes = 3;
            c.model.kind = ModelKind::Cnn;
            // Direct blocks (2 and 3 input channels, 17 outputs: a full register block and a rest),
            // then Winograd blocks, one of them residual, and one through patches (stride 2).
            c.model.conv = {
                {3, 3, 1, 1, 0}, {17, 3, 1, 1, 2}, {4, 3, 1, 1, 0}, {4, 3, 1, 1, 0}, {6, 3, 2, 0, 0}};
            c.model.residual = true;
            c.model.hidden = {16};
            c.train.batch_size = batch;
            c.train.momentum = 0.9;
            c.metrics.gradient_noise_every = 0;
            Result<DataSplit> data = makeDataSplit(c);
            QVERIFY2(data, qPrintable(data ? QString() : data.error()));
            Trainer trainer(c, std::make_shared<const DataSplit>(std::move(data).value()));
            for (int t = 0; t < 3; ++t)
                QVERIFY(trainer.step());
            g_allocations = 0;
            g_counting = true;
            for (int t = 0; t < 50; ++t)
                trainer.step();
            g_counting = false;
            QVERIFY2(g_allocations == 0,
                     qPrintable(QString("batch %1: %2 allocations").arg(batch).arg(g_allocations.load())));
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
