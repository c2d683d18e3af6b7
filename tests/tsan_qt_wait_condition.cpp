// ThreadSanitizer builds only (RANKSCOPE_SANITIZE=thread; linked by the top-level CMakeLists.txt):
// tells TSan that QWaitCondition::wait releases and re-acquires its QMutex.
//
// Debian's Qt is not built with -fsanitize=thread. Qt's inline QMutex code carries TSan annotations
// (qtsan_impl.h), so locks in our code are seen, but the unlock and re-lock inside
// QWaitCondition::wait happen in libQt6Core and are not. TSan then believes the waiting thread still
// holds the mutex: it reports "double lock of a mutex" when another thread locks it, and false data
// races on everything handed over under that mutex (the session's requests, the analysis worker's
// jobs). These definitions interpose Qt's two QMutex overloads, add the annotations Qt's inline code
// would have made, and forward to Qt's implementation (dlsym RTLD_NEXT).
#include <QDeadlineTimer>
#include <QMutex>
#include <QWaitCondition>
#include <QtCore/qtsan_impl.h>
#include <dlfcn.h>

namespace {

template <class Wait, class Deadline>
bool annotatedWait(const char* mangledName, QWaitCondition* condition, QMutex* mutex, Deadline deadline) {
    static const auto qtWait = reinterpret_cast<Wait>(dlsym(RTLD_NEXT, mangledName));
    QtTsan::mutexPreUnlock(mutex, 0u);
    QtTsan::mutexPostUnlock(mutex, 0u);
    const bool woken = qtWait(condition, mutex, deadline);
    QtTsan::mutexPreLock(mutex, 0u);
    QtTsan::mutexPostLock(mutex, 0u, 0);
    return woken;
}

} // namespace

bool QWaitCondition::wait(QMutex* lockedMutex, QDeadlineTimer deadline) {
    using Wait = bool (*)(QWaitCondition*, QMutex*, QDeadlineTimer);
    return annotatedWait<Wait>("_ZN14QWaitCondition4waitEP6QMutex14QDeadlineTimer", this, lockedMutex,
                               deadline);
}

bool QWaitCondition::wait(QMutex* lockedMutex, unsigned long time) {
    using Wait = bool (*)(QWaitCondition*, QMutex*, unsigned long);
    return annotatedWait<Wait>("_ZN14QWaitCondition4waitEP6QMutexm", this, lockedMutex, time);
}
