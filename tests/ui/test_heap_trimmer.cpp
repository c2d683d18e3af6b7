// HeapTrimmer: memory that worker threads allocated and freed in small blocks (as the runs' training
// and analysis threads do) stays resident in glibc's arenas until a trim hands it back; the main
// window keeps a trimmer running.
#include "heap_trimmer.h"
#include "main_window.h"
#include "sanitizer_build.h"
#include "resident_memory.h"
#include "small_runs.h"

#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace rankscope;

namespace {

// On a worker thread (its own arena): 200 MB in 2 KiB blocks, written, then all freed but the last,
// which pins the top of the arena so glibc cannot give the rest back by itself.
std::unique_ptr<char[]> churnOnAWorkerThread() {
    std::unique_ptr<char[]> pinned;
    const std::unique_ptr<QThread> worker(QThread::create([&pinned] {
        std::vector<std::unique_ptr<char[]>> blocks(100000);
        for (auto& block : blocks) {
            block = std::make_unique<char[]>(2048);
            block[0] = block[2047] = 1; // resident
        }
        pinned = std::move(blocks.back());
    }));
    worker->start();
    worker->wait();
    return pinned;
}

} // namespace

class TestHeapTrimmer : public QObject {
    Q_OBJECT
private slots:
    void freedArenaMemoryReturnsOnlyWhenTrimmed() {
        if (kSanitizerAllocatorBuild)
            QSKIP("ASan and TSan replace glibc's malloc");
        const auto pinned = churnOnAWorkerThread();
        const double beforeTrim = residentMegabytes();
        HeapTrimmer::trimNow();
        const double afterTrim = residentMegabytes();
        qInfo("resident memory %.0f MB before the trim, %.0f MB after", beforeTrim, afterTrim);
        QVERIFY2(beforeTrim - afterTrim > 100, qPrintable(QString("%1 -> %2 MB").arg(beforeTrim).arg(afterTrim)));
    }

    void theMainWindowTrimsPeriodically() {
        MainWindow window(tinyRun());
        const auto trimmers = window.findChildren<HeapTrimmer*>();
        QCOMPARE(trimmers.size(), 1);
        const auto timers = trimmers.first()->findChildren<QTimer*>();
        QCOMPARE(timers.size(), 1);
        QVERIFY(timers.first()->isActive());
        QCOMPARE(timers.first()->interval(), HeapTrimmer::kIntervalMs);
    }
};

QTEST_MAIN(TestHeapTrimmer)
#include "test_heap_trimmer.moc"
