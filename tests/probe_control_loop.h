// startProbeControlLoop(): starts tests/python/probe_control_loop.py (a PyTorch training with the
// probe that runs until its optimizer's lr leaves 0.05, at most 60 s) in a folder, for the tests of
// the live knobs' round trip. Needs RANKSCOPE_PYTHON_TESTS, the folder of that script.
#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <QTest>

// Waits until the training has written DIR/config.json (or ended). False when it ended because
// torch is not installed: the caller skips.
inline bool startProbeControlLoop(QProcess& training, const QString& directory) {
    training.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    training.start("/usr/bin/python3",
                   {QStringLiteral(RANKSCOPE_PYTHON_TESTS "/probe_control_loop.py"), directory});
    // Ready, ended or timed out: the state below tells which matters (after a timeout the caller's
    // own checks fail and say what is missing).
    static_cast<void>(QTest::qWaitFor(
        [&] { return QFile::exists(directory + "/config.json") || training.state() == QProcess::NotRunning; },
        60000));
    return !(training.state() == QProcess::NotRunning && training.exitCode() == 77);
}
