// This process's threads as Linux's /proc sees them (proc(5)): the nice value and the CPU time of
// every thread whose name starts with a prefix (Qt names a QThread after its class, cut to 15
// characters: "rankscope::Trai", "rankscope::Anal"). Empty where /proc is not available. Shared by the
// thread-priority test and the GUI benchmark.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QString>
#include <unistd.h>

namespace rankscope {

struct ThreadStat {
    int niceness = 0;
    double cpuSeconds = 0; // user + system
};

inline QList<ThreadStat> threadStats(const QString& namePrefix) {
    QList<ThreadStat> stats;
    const double ticksPerSecond = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (const QString& thread : QDir("/proc/self/task").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm("/proc/self/task/" + thread + "/comm"), stat("/proc/self/task/" + thread + "/stat");
        if (!comm.open(QIODevice::ReadOnly) || !stat.open(QIODevice::ReadOnly) ||
            !QString::fromUtf8(comm.readAll()).startsWith(namePrefix))
            continue;
        // Fields after the parenthesised name start at field 3: utime 14, stime 15, nice 19.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        const auto field = [&fields](int number) { return fields.value(number - 3); };
        stats.append({field(19).toInt(), (field(14).toDouble() + field(15).toDouble()) / ticksPerSecond});
    }
    return stats;
}

} // namespace rankscope
