// runRankscope(): runs the built rankscope executable (RANKSCOPE_EXE, set by tests/app/CMakeLists.txt)
// with QProcess, as a script would, and returns its exit status, stdout and stderr. A crash or a
// timeout gives exit code -1 and says so in `err`. A caller may prepare the QProcess (environment,
// working folder); `inChild`, when given, runs in the child between fork and exec (e.g. to lower a
// resource limit). badInputProblem() checks the command-line contract for bad input: exit status 2
// and one line on stderr naming the problem.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <functional>

struct RankscopeOutcome {
    int exitCode = -1;
    QString out, err;
};

// Runs rankscope in `process`, which the caller may have given another environment or working folder.
inline RankscopeOutcome runRankscope(QProcess& process, const QStringList& arguments,
                                     int timeoutMs = 120000) {
    process.start(RANKSCOPE_EXE, arguments);
    RankscopeOutcome outcome;
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        outcome.err = "crashed or timed out";
        return outcome;
    }
    outcome.exitCode = process.exitCode();
    outcome.out = QString::fromUtf8(process.readAllStandardOutput());
    outcome.err = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}

inline RankscopeOutcome runRankscope(const QStringList& arguments, int timeoutMs = 120000,
                                     const std::function<void()>& inChild = {}) {
    QProcess process;
    if (inChild)
        process.setChildProcessModifier(inChild);
    return runRankscope(process, arguments, timeoutMs);
}

// Empty when `outcome` exited 2 with one line on stderr that contains `mentions`; else what is wrong.
inline QString badInputProblem(const RankscopeOutcome& outcome, const QString& mentions) {
    if (outcome.exitCode != 2)
        return QString("exit status %1, expected 2; stderr: %2").arg(outcome.exitCode).arg(outcome.err);
    if (!outcome.err.contains(mentions))
        return QString("stderr does not mention \"%1\": %2").arg(mentions, outcome.err);
    if (outcome.err.trimmed().count('\n') != 0)
        return "more than one line on stderr: " + outcome.err;
    return {};
}
