// HeapTrimmer: keeps the process's resident memory at what it actually uses, over hours of live
// changes. On construction it caps glibc's malloc at kArenas arenas; then every kIntervalMs it hands
// the free pages of every arena back to the operating system (malloc_trim). Elsewhere than glibc it
// does nothing. Both are process-wide, so main() creates the one trimmer, before any thread starts.
//
// Why: behind the window, each run's training thread and analysis thread (up to eight threads) and
// Qt's pooled rendering threads allocate and free tens of thousands of blocks a second (the SVDs of
// every snapshot, the plots' per-frame point buffers). glibc gives each thread an arena of its own
// (up to 8 per core), keeps freed memory there and returns it only from the top of each heap, so free
// heap stays resident and grows the longer the window runs. Fewer arenas and a periodic trim keep the
// resident size flat at the same training and drawing speed (docs/reliability.md, "Soak runs"); a trim costs
// the GUI thread a few milliseconds every kIntervalMs, against a 20 ms display frame.
#pragma once

#include <QObject>
#include <QTimer>

namespace rankscope {

class HeapTrimmer : public QObject {
    Q_OBJECT
public:
    static constexpr int kArenas = 2;
    static constexpr int kIntervalMs = 10000;

    // Create it before the runs' threads start: threads that already have an arena keep it.
    explicit HeapTrimmer(QObject* parent = nullptr);

    // Trims now; true if memory was returned to the system.
    static bool trimNow();

private:
    QTimer m_timer;
};

} // namespace rankscope
