// HeapTrimmer: keeps the window's resident memory at what it actually uses, over hours of live
// changes. On construction it caps glibc's malloc at kArenas arenas; then every kIntervalMs it hands
// the free pages of every arena back to the operating system (malloc_trim). Elsewhere than glibc it
// does nothing.
//
// Why: behind the window, each run's training thread and analysis thread (up to eight threads) and
// Qt's pooled rendering threads allocate and free tens of thousands of blocks a second (the SVDs of
// every snapshot, the plots' per-frame point buffers). glibc gives each thread an arena of its own
// (up to 8 per core), keeps freed memory there and returns it only from the top of each heap: the
// process held ~35 MB of free heap resident, more the longer it ran. Measured with
// rankscope-gui-bench's soak (batch-sizes, a change every second), runs side by side under the same
// load: 7 min, RSS 120.3 MB without either, 104.4 MB with trimming; 10 min, 109.1 MB with trimming
// alone (+2.5% after the 5-minute warm-up), 89.4 MB with trimming and 2 arenas (-2.0%) at the same
// steps/s and frames/s (docs/reliability.md, "Soak runs").
// Cost on the GUI thread: one malloc_trim of a fragmented 200 MB heap took 2.2 ms (1.7 ms again),
// every 10 s, against a 20 ms display frame.
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
