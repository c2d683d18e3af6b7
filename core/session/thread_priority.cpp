#include "session/thread_priority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace rankscope {

void lowerCurrentThreadPriority(int niceness) {
#ifdef Q_OS_LINUX
    // PRIO_PROCESS with a thread id sets that thread's nice value alone (see setpriority(2), BUGS).
    const auto thread = static_cast<id_t>(syscall(SYS_gettid));
    if (getpriority(PRIO_PROCESS, thread) < niceness)
        setpriority(PRIO_PROCESS, thread, niceness);
#else
    Q_UNUSED(niceness);
#endif
}

} // namespace rankscope
