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
// Likewise QThread::wait() returning true means the thread's run() has finished, but Qt detaches its
// threads and signals the end inside the library: QThread::start connects `finished` (emitted on the
// thread after run()) to a release, and QThread::wait acquires it.
#include <QDeadlineTimer>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <QtCore/qtsan_impl.h>
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

namespace {

template <class Fn> Fn qtImplementation(const char* mangledName) {
    return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, mangledName));
}

template <class Wait, class Deadline>
bool annotatedWait(const char* mangledName, QWaitCondition* condition, QMutex* mutex, Deadline deadline) {
    static const auto qtWait = qtImplementation<Wait>(mangledName);
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

void QThread::start(Priority priority) {
    using Start = void (*)(QThread*, Priority);
    static const auto qtStart = qtImplementation<Start>("_ZN7QThread5startENS_8PriorityE");
    connect(
        this, &QThread::finished, this, [this] { __tsan_release(this); }, Qt::DirectConnection);
    qtStart(this, priority);
}

bool QThread::wait(QDeadlineTimer deadline) {
    using Wait = bool (*)(QThread*, QDeadlineTimer);
    static const auto qtWait = qtImplementation<Wait>("_ZN7QThread4waitE14QDeadlineTimer");
    const bool finished = qtWait(this, deadline);
    if (finished)
        __tsan_acquire(this);
    return finished;
}
