// rankscope-checkpoint-bench: what opening a large model costs in the window (not a timed test).
//
// Writes K checkpoints of a ResNet-18-sized model (its 21 weight matrices: conv kernels [out, in,
// kh, kw] and the 1000x512 classifier, 11.7 M weights, random values) into a run folder, opens it
// in the CheckpointWindow at 1600x1000 and prints the seconds until each checkpoint is shown and
// the longest GUI-thread stall before it (the largest lateness of a 10 ms timer), then the longest
// stall in the second after the last one, while its frame is drawn: the analysis runs on its own
// thread and every core, so the window must stay responsive.
//
//   rankscope-checkpoint-bench [--checkpoints K]     (QT_QPA_PLATFORM=offscreen, or under xvfb-run)
#include "checkpoints/checkpoint_window.h"
#include "io/npy_writer.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace rankscope;

namespace {

// ResNet-18's weight tensors as [out, in, kh, kw] (the classifier as [out, in, 1, 1]).
struct Kernel {
    int out, in, size;
};

std::vector<Kernel> resnet18() {
    std::vector<Kernel> kernels{{64, 3, 7}};
    int in = 64;
    for (const int width : {64, 128, 256, 512})
        for (int block = 0; block < 2; ++block) {
            kernels.push_back({width, in, 3});
            kernels.push_back({width, width, 3});
            if (in != width)
                kernels.push_back({width, in, 1}); // the downsampling shortcut
            in = width;
        }
    kernels.push_back({1000, 512, 1});
    return kernels;
}

bool writeCheckpoint(const QString& path) {
    std::vector<NpyArray> arrays;
    for (const Kernel& k : resnet18())
        arrays.push_back(npyMatrix(QString("layer%1.weight").arg(arrays.size()),
                                   Eigen::MatrixXf::Random(k.out, k.in * k.size * k.size)));
    const Status written = writeNpz(path, arrays);
    if (!written)
        std::fprintf(stderr, "%s\n", qPrintable(written.error()));
    return written.ok();
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({"checkpoints", "Checkpoints to open (default 2).", "K", "2"});
    parser.addHelpOption();
    parser.process(app);
    const int count = std::max(1, parser.value("checkpoints").toInt());

    QTemporaryDir run;
    QDir().mkpath(run.filePath("weights"));
    for (int k = 0; k < count; ++k)
        if (!writeCheckpoint(run.filePath(QString("weights/step_%1.npz").arg(k * 100, 8, 10, QChar('0')))))
            return 1;
    std::printf("%d checkpoints of %zu weight matrices written\n", count, resnet18().size());

    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = 0, longestStall = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        longestStall = std::max(longestStall, now - lastTick - 10);
        lastTick = now;
    });
    ticker.start(10);
    CheckpointWindow window({run.path(), false, {}});
    window.resize(1600, 1000);
    window.show();
    for (int shown = 0; shown < count;) {
        if (!QTest::qWaitFor([&] { return window.checkpointsShown() > shown; }, 600000)) {
            std::fprintf(stderr, "checkpoint %d was not shown within 10 minutes\n", shown + 1);
            return 1;
        }
        shown = window.checkpointsShown();
        std::printf("checkpoint %d shown after %.2f s; longest GUI-thread stall meanwhile %lld ms\n", shown,
                    clock.elapsed() / 1000.0, static_cast<long long>(longestStall));
        longestStall = 0;
    }
    QTest::qWait(1000); // the last frame drawn
    std::printf("longest GUI-thread stall in the second after: %lld ms\n",
                static_cast<long long>(longestStall));
    return 0;
}
