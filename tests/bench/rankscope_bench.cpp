// rankscope-bench: training throughput and analysis cost, measured in one run so that ratios are
// meaningful on a noisy machine (not a timed test; CTest never runs it).
//
// For a 64-256x4-10 ReLU MLP (input 64, four hidden layers of 256, 10 classes) on the default
// Gaussian mixture it prints, per batch size B in {8, 32, 128, 512}:
//   steps/s with live analysis off, and on (a capture every 50 ms = 20 Hz analysed on a second
//   thread by the session's AnalysisWorker, exactly as the GUI session does),
//   the achieved GFLOP/s = 6 * B * (number of weights) per step (forward 2, backward 4 flops per
//   weight and sample), and that rate as a share of the machine's single-thread float GEMM rate
//   measured here (Eigen 256x256 * 256x1024, the same kernel family the trainer uses),
//   the analysis cost per snapshot, and the throughput lost to analysis.
// With --torch it also runs tests/bench/torch_reference.py (Debian's python3-torch, one thread) on
// the same network, batch sizes and optimizer, and prints RankScope's speed-up.
// Then the same for the CNN of docs/cnn.md (1x28x28 synthetic images, conv 16 and 32 channels 3x3
// with 2x2 pooling, a 128-wide dense layer, 10 classes) at B in {8, 32, 128}, training only; its
// flops count forward 2, backward 4 per weight and output position (2 for the first conv layer, whose
// input needs no gradient). --cnn skips the MLP rows.
#include "data/data_factory.h"
#include "nn/trainer.h"
#include "session/analysis_worker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <vector>

using namespace rankscope;

namespace {

constexpr double kSecondsPerMeasurement = 2.0;
constexpr double kSnapshotInterval = 0.05; // 20 Hz
constexpr int kTestSamples = 1024;         // as the live session
constexpr int kTorchRounds = 3;            // CNN: PyTorch and RankScope in turn

RunConfig benchConfig(int batch) {
    RunConfig config;
    config.model.hidden = {256, 256, 256, 256};
    config.train.batch_size = batch;
    config.train.lr = 0.01;
    config.train.weight_decay = 1e-4;
    config.metrics.gradient_noise_every = 0; // measured separately: it is a full pass over the data
    return config;
}

double gemmGflops() {
    Eigen::MatrixXf A = Eigen::MatrixXf::Random(256, 256), B = Eigen::MatrixXf::Random(256, 1024),
                    C(256, 1024);
    C.noalias() = A * B; // warm-up
    QElapsedTimer clock;
    clock.start();
    int repetitions = 0;
    while (clock.nsecsElapsed() < 1e9) {
        C.noalias() = A * B;
        ++repetitions;
    }
    const double flops = 2.0 * 256 * 256 * 1024 * repetitions;
    return flops / (clock.nsecsElapsed() * 1e-9) / 1e9 + 0 * C(0, 0);
}

struct Measurement {
    double stepsPerSecond = 0;
    int snapshots = 0; // analysed snapshots (with analysis on)
};

Measurement measure(const std::shared_ptr<const DataSplit>& data, int batch, bool analysis) {
    Trainer trainer(benchConfig(batch), data);
    const auto builder = std::make_shared<const SnapshotBuilder>(trainer);
    std::atomic<int> analysed{0};
    AnalysisWorker worker([&](SnapshotPtr) { ++analysed; });
    for (int i = 0; i < 20; ++i) // warm-up
        trainer.step();
    QElapsedTimer clock, sinceCapture;
    clock.start();
    sinceCapture.start();
    std::int64_t steps = 0;
    while (clock.nsecsElapsed() * 1e-9 < kSecondsPerMeasurement) {
        trainer.step();
        ++steps;
        if (analysis && sinceCapture.nsecsElapsed() * 1e-9 >= kSnapshotInterval) {
            worker.submit(builder, SnapshotBuilder::capture(trainer), kTestSamples);
            sinceCapture.restart();
        }
    }
    return {steps / (clock.nsecsElapsed() * 1e-9), analysed.load()};
}

// Mean cost of analysing one capture (singular values of every layer, test metrics, null space).
double analysisSeconds(const std::shared_ptr<const DataSplit>& data) {
    Trainer trainer(benchConfig(32), data);
    const SnapshotBuilder builder(trainer);
    QElapsedTimer clock;
    clock.start();
    constexpr int kRepetitions = 10;
    for (int i = 0; i < kRepetitions; ++i)
        builder.analyze(SnapshotBuilder::capture(trainer), kTestSamples);
    return clock.nsecsElapsed() * 1e-9 / kRepetitions;
}

RunConfig cnnBenchConfig(int batch) {
    RunConfig config = benchConfig(batch);
    config.data.kind = DataKind::Images;
    config.data.image_shape = {1, 28, 28};
    config.model.kind = ModelKind::Cnn;
    config.model.conv = {{16, 3, 1, 1, 2}, {32, 3, 1, 1, 2}};
    config.model.hidden = {128};
    return config;
}

double flopsPerSample(const Network& net) {
    double flops = 0;
    for (int l = 0; l < static_cast<int>(net.layers().size()); ++l) {
        const double weights = static_cast<double>(net.layers()[l].W.size());
        if (l < net.convLayerCount()) {
            const ImageShape conv = convOutputShape(net.convBlock(l).inputShape(), net.convBlock(l).spec());
            flops += (l == 0 ? 4 : 6) * weights * conv.pixels();
        } else {
            flops += 6 * weights;
        }
    }
    return flops;
}

std::map<int, double> torchStepsPerSecond(const QString& script, const QStringList& arguments = {}) {
    QProcess python;
    python.start("/usr/bin/python3", QStringList{script} + arguments);
    std::map<int, double> rates;
    if (!python.waitForFinished(600000) || python.exitCode() != 0) {
        std::printf("PyTorch reference failed: %s\n", python.readAllStandardError().constData());
        return rates;
    }
    for (const QByteArray& line : python.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() == 2)
            rates[fields[0].toInt()] = fields[1].toDouble();
    }
    return rates;
}

// Steps/s of the bench CNN at each batch size.
std::map<int, double> cnnStepsPerSecond(const std::shared_ptr<const DataSplit>& data) {
    std::map<int, double> rates;
    for (int batch : {8, 32, 128}) {
        Trainer trainer(cnnBenchConfig(batch), data);
        for (int i = 0; i < 5; ++i) // warm-up
            trainer.step();
        QElapsedTimer clock;
        clock.start();
        std::int64_t steps = 0;
        while (clock.nsecsElapsed() * 1e-9 < kSecondsPerMeasurement) {
            trainer.step();
            ++steps;
        }
        rates[batch] = steps / (clock.nsecsElapsed() * 1e-9);
    }
    return rates;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void cnnRows(bool withTorch, double gemm) {
    Result<DataSplit> built = makeDataSplit(cnnBenchConfig(8));
    const auto data = std::make_shared<const DataSplit>(std::move(built).value());
    const double flops = flopsPerSample(Trainer(cnnBenchConfig(8), data).network());
    std::printf("\nCNN 1x28x28 - conv 16 3x3 pool 2 - conv 32 3x3 pool 2 - 128 - 10, %.2f MFLOP per sample "
                "and step\n",
                flops / 1e6);
    // PyTorch and RankScope take turns, so that both meet the same machine: a shared machine's speed
    // drifts by 10% and more within minutes. Each column is the median over the rounds, the speed-up
    // the median of the rounds' ratios (their range in brackets).
    const int rounds = withTorch ? kTorchRounds : 1;
    std::map<int, std::vector<double>> ours, theirs, ratios;
    for (int round = 0; round < rounds; ++round) {
        const std::map<int, double> torch =
            withTorch ? torchStepsPerSecond(TORCH_REFERENCE_SCRIPT, {"--cnn"}) : std::map<int, double>{};
        for (const auto& [batch, rate] : cnnStepsPerSecond(data)) {
            ours[batch].push_back(rate);
            if (const auto t = torch.find(batch); t != torch.end()) {
                theirs[batch].push_back(t->second);
                ratios[batch].push_back(rate / t->second);
            }
        }
    }
    std::printf("%s\n",
                withTorch ? qPrintable(QString("medians of %1 alternating rounds\n").arg(rounds)) : "");
    std::printf(
        "| batch | steps/s | GFLOP/s | %% of GEMM | PyTorch steps/s | PyTorch GFLOP/s | speed-up |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& [batch, rates] : ours) {
        const double rate = median(rates), gflops = batch * flops * rate / 1e9;
        const bool measured = !theirs[batch].empty();
        const auto [fewest, most] = std::minmax_element(ratios[batch].begin(), ratios[batch].end());
        std::printf(
            "| %d | %.0f | %.1f | %.0f%% | %s | %s | %s |\n", batch, rate, gflops, 100 * gflops / gemm,
            measured ? qPrintable(QString::number(median(theirs[batch]), 'f', 0)) : "-",
            measured ? qPrintable(QString::number(batch * flops * median(theirs[batch]) / 1e9, 'f', 1)) : "-",
            measured ? qPrintable(QString("%1x (%2-%3)")
                                      .arg(median(ratios[batch]), 0, 'f', 1)
                                      .arg(*fewest, 0, 'f', 1)
                                      .arg(*most, 0, 'f', 1))
                     : "-");
    }
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const bool withTorch = app.arguments().contains("--torch");
    const double gemm = gemmGflops();
    if (app.arguments().contains("--cnn")) {
        std::printf("float GEMM rate %.1f GFLOP/s\n", gemm);
        cnnRows(withTorch, gemm);
        return 0;
    }
    Result<DataSplit> built = makeDataSplit(benchConfig(8));
    if (!built) {
        std::fprintf(stderr, "error: %s\n", qPrintable(built.error()));
        return 2;
    }
    const auto data = std::make_shared<const DataSplit>(std::move(built).value());
    const Trainer probe(benchConfig(8), data);
    const double weights = probe.network().weightCount();
    std::printf("network 64-256x4-10 (%.0f weights), one training thread; float GEMM rate %.1f GFLOP/s\n",
                weights, gemm);
    std::printf("analysis of one snapshot (5 SVDs, 1024 test samples, null space): %.1f ms\n\n",
                1e3 * analysisSeconds(data));
    const std::map<int, double> torch =
        withTorch ? torchStepsPerSecond(TORCH_REFERENCE_SCRIPT) : std::map<int, double>{};

    std::printf("| batch | steps/s | GFLOP/s | %% of GEMM | steps/s with live analysis | snapshots/s | "
                "throughput lost | PyTorch steps/s | speed-up |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int batch : {8, 32, 128, 512}) {
        const Measurement off = measure(data, batch, false);
        const Measurement on = measure(data, batch, true);
        const double gflops = 6.0 * batch * weights * off.stepsPerSecond / 1e9;
        const double lost = 1 - on.stepsPerSecond / off.stepsPerSecond;
        const auto t = torch.find(batch);
        std::printf(
            "| %d | %.0f | %.1f | %.0f%% | %.0f | %.1f | %.1f%% | %s | %s |\n", batch, off.stepsPerSecond,
            gflops, 100 * gflops / gemm, on.stepsPerSecond, on.snapshots / kSecondsPerMeasurement, 100 * lost,
            t != torch.end() ? qPrintable(QString::number(t->second, 'f', 0)) : "-",
            t != torch.end() ? qPrintable(QString::number(off.stepsPerSecond / t->second, 'f', 1) + "x")
                             : "-");
        std::fflush(stdout);
    }
    cnnRows(withTorch, gemm);
    return 0;
}
