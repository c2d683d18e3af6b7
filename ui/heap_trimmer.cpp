#include "heap_trimmer.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace rankscope {

HeapTrimmer::HeapTrimmer(QObject* parent)
    : QObject(parent)
    , m_timer(this) {
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, kArenas);
#endif
    connect(&m_timer, &QTimer::timeout, this, &HeapTrimmer::trimNow);
    m_timer.start(kIntervalMs);
}

bool HeapTrimmer::trimNow() {
#if defined(__GLIBC__)
    return malloc_trim(0) == 1; // 0: keep no padding at the top of the main heap
#else
    return false;
#endif
}

} // namespace rankscope
