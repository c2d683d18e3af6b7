// rankscope-gui-bench: the dashboard's cost, measured in one run (not a timed test).
//
// Runs a preset (default: "default") for S seconds twice: first headless (the TrainingSession alone,
// snapshots analysed but not drawn), then in the MainWindow at 1600x1000 with every plot visible and
// training at full speed. Prints training steps/s in both, their ratio, the display frames per second
// (replots actually painted) and the resident memory. Run it under a real X server (xvfb-run) to
// include painting; with QT_QPA_PLATFORM=offscreen it measures layout and rasterising only.
//
//   xvfb-run -s '-screen 0 1600x1000x24' rankscope-gui-bench [--preset NAME] [--seconds S]
//                                        [--screenshot FILE] [--presentation]
// --screenshot saves the window as the app drew it at the end (the README's screenshot);
// --presentation switches to presentation mode (F11) first.
#include "dashboard.h"
#include "io/preset_library.h"
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cstdio>

using namespace rankscope;

namespace {

double residentMegabytes() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.simplified().split(' ').value(1).toDouble() / 1024;
    return 0;
}

// Steps per second over `seconds`, measured from two snapshots of a running session.
double sessionStepsPerSecond(TrainingSession& session, double seconds) {
    QTest::qWait(500); // warm-up
    const SnapshotPtr first = session.latestSnapshot();
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(static_cast<int>(seconds * 1000));
    const SnapshotPtr last = session.latestSnapshot();
    return (last->step - first->step) / (last->wallSeconds - first->wallSeconds);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName("RankScopeBench");
    QCommandLineParser parser;
    parser.addOptions({{"preset", "Preset to run.", "NAME", "default"},
                       {"seconds", "Seconds per measurement.", "S", "10"},
                       {"screenshot", "Save the window at the end.", "FILE"},
                       {"presentation", "Measure in presentation mode."}});
    parser.process(app);
    const Result<RunConfig> preset = resolvePreset(parser.value("preset"));
    if (!preset) {
        std::fprintf(stderr, "error: %s\n", qPrintable(preset.error()));
        return 2;
    }
    const double seconds = parser.value("seconds").toDouble();

    double headless = 0;
    {
        TrainingSession session;
        session.load(preset.value());
        session.setRunning(true);
        headless = sessionStepsPerSecond(session, seconds);
    }

    MainWindow window(preset.value());
    window.resize(1600, 1000);
    window.show();
    if (parser.isSet("presentation"))
        window.setPresentationMode(true);
    int frames = 0;
    QObject::connect(window.dashboard()->plots().first(), &QCustomPlot::afterReplot, [&frames] { ++frames; });
    window.toggleRunning();
    QTest::qWait(500);
    frames = 0;
    QElapsedTimer clock;
    clock.start();
    const double withWindow = sessionStepsPerSecond(window.session(), seconds);
    const double fps = frames / (clock.nsecsElapsed() * 1e-9);

    std::printf("preset %s, %.0f s per measurement, platform %s\n", qPrintable(parser.value("preset")), seconds,
                qPrintable(QGuiApplication::platformName()));
    std::printf("training steps/s headless (session, no window): %.0f\n", headless);
    std::printf("training steps/s with the window open:          %.0f (%.0f%% of headless)\n", withWindow,
                100 * withWindow / headless);
    std::printf("display frames/s:                               %.1f\n", fps);
    double replotMs = 0;
    QStringList perPlot;
    for (LivePlot* plot : window.dashboard()->plots()) {
        replotMs += plot->replotTime(true);
        perPlot << QString("%1 %2").arg(plot->title()).arg(plot->replotTime(true), 0, 'f', 1);
    }
    std::printf("replot time per frame, all six plots:           %.1f ms (%s)\n", replotMs, qPrintable(perPlot.join(", ")));
    std::printf("resident memory:                                %.0f MB\n", residentMegabytes());
    if (parser.isSet("screenshot")) {
        window.toggleRunning(); // paused: the status bar says so, the plots stay
        QTest::qWait(300);
        window.grab().save(parser.value("screenshot"));
    }
    return 0;
}
