// HeapTrimmer: every few seconds hands the free pages of every malloc arena back to the operating
// system (glibc's malloc_trim), so that the window's resident memory follows what it actually uses.
//
// Why: behind the window, each run's training thread and analysis thread (up to eight threads) and
// Qt's pooled rendering threads allocate and free tens of thousands of blocks a second (the SVDs of
// every snapshot, the plots' per-frame point buffers). glibc keeps freed memory in per-thread arenas
// and gives it back to the system only from the top of each heap, so the process kept ~35 MB of free
// heap resident. Measured with rankscope-gui-bench's soak (batch-sizes, a change every second, 7 min,
// both in one run): RSS 120.3 MB at the end without trimming, 104.4 MB with it (README, "Soak runs").
// Elsewhere than glibc this does nothing.
#pragma once

#include <QObject>
#include <QTimer>

namespace rankscope {

class HeapTrimmer : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 10000;

    explicit HeapTrimmer(QObject* parent = nullptr);

    // Trims now; true if memory was returned to the system.
    static bool trimNow();

private:
    QTimer m_timer;
};

} // namespace rankscope
