// HeapTrimmer: threads share at most kArenas malloc arenas once it exists; memory that worker threads
// allocated and freed in small blocks (as the runs' training and analysis threads do) stays resident
// in glibc's arenas until a trim hands it back; a trimmer keeps trimming on its timer.
#include "heap_trimmer.h"
#include "resident_memory.h"
#include "sanitizer_build.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
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

// The arenas glibc's malloc has now, from its own report (malloc_info: one <heap nr="..."> each).
int mallocArenas() {
    char* text = nullptr;
    std::size_t size = 0;
    FILE* stream = open_memstream(&text, &size);
    malloc_info(0, stream);
    std::fclose(stream);
    const int arenas = QByteArray(text, static_cast<qsizetype>(size)).count("<heap nr=");
    std::free(text);
    return arenas;
}

} // namespace

class TestHeapTrimmer : public QObject {
    Q_OBJECT
private slots:
    // First: an earlier test's threads would already have arenas of their own.
    void threadsShareAtMostTwoArenas() {
        if (kSanitizerAllocatorBuild)
            QSKIP("ASan and TSan replace glibc's malloc");
        const HeapTrimmer trimmer;
        QSemaphore allocated, release;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < 6; ++i) { // alive at once, each allocating: each would get an arena of its own
            threads.emplace_back(QThread::create([&] {
                char* volatile block = static_cast<char*>(std::malloc(4096)); // volatile: not elided
                block[0] = 1;
                allocated.release();
                release.acquire();
                std::free(block);
            }));
            threads.back()->start();
        }
        allocated.acquire(6);
        const int arenas = mallocArenas();
        release.release(6);
        for (const auto& thread : threads)
            thread->wait();
        qInfo("%d malloc arenas with 7 threads allocating", arenas);
        QVERIFY2(arenas <= HeapTrimmer::kArenas, qPrintable(QString("%1 arenas").arg(arenas)));
    }

    void freedArenaMemoryReturnsOnlyWhenTrimmed() {
        if (kSanitizerAllocatorBuild)
            QSKIP("ASan and TSan replace glibc's malloc");
        const auto pinned = churnOnAWorkerThread();
        const double beforeTrim = residentMegabytes();
        HeapTrimmer::trimNow();
        const double afterTrim = residentMegabytes();
        qInfo("resident memory %.0f MB before the trim, %.0f MB after", beforeTrim, afterTrim);
        QVERIFY2(beforeTrim - afterTrim > 100,
                 qPrintable(QString("%1 -> %2 MB").arg(beforeTrim).arg(afterTrim)));
    }

    void trimsPeriodically() {
        const HeapTrimmer trimmer;
        const auto timers = trimmer.findChildren<QTimer*>();
        QCOMPARE(timers.size(), 1);
        QVERIFY(timers.first()->isActive());
        QCOMPARE(timers.first()->interval(), HeapTrimmer::kIntervalMs);
    }
};

QTEST_MAIN(TestHeapTrimmer)
#include "test_heap_trimmer.moc"
