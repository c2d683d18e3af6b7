// residentMegabytes(): this process's resident memory (VmRSS in /proc/self/status), in MiB; 0 where
// /proc is not available. Shared by the soak benchmark and the heap-trimming test.
#pragma once

#include <QByteArray>
#include <QFile>

namespace rankscope {

inline double residentMegabytes() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.simplified().split(' ').value(1).toDouble() / 1024;
    return 0;
}

} // namespace rankscope
