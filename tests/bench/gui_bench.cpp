// rankscope-gui-bench: the dashboard's cost, measured in one run (not a timed test).
//
// Runs a preset (default: "default") for S seconds twice: first headless (the TrainingSession alone,
// snapshots analysed but not drawn), then in the MainWindow at 1600x1000 with every plot visible and
// training at full speed. Prints training steps/s in both, their ratio, the display frames per second
// (replots actually painted) and the resident memory. Run it under a real X server (xvfb-run) to
// include painting; with QT_QPA_PLATFORM=offscreen it measures layout and rasterising only.
//
//   xvfb-run -s '-screen 0 1600x1000x24' rankscope-gui-bench [--preset NAME] [--seconds S]
//                                        [--screenshot FILE] [--presentation] [--change-every-ms MS]
// --screenshot saves the window as the app drew it at the end (the README's screenshot);
// --presentation switches to presentation mode (F11) first; --size sets the window's size otherwise;
// --predict drags a predicted rank curve over the rank plot before Space, as a lecturer would;
// --speed caps training at S steps/s in the window, as a lecture does (the headless run stays unlimited).
// The GUI thread's CPU time per frame is printed too: on a loaded machine frames/s falls with the
// other processes' demand, the CPU a frame costs does not (1000 / that is the rate one free core
// would draw). --record FILE measures once more while the Record control records the dashboard
// into FILE: steps/s, display frames/s, and the video's frames grabbed, encoded and dropped per second.
//
// Soak: --change-every-ms MS skips the headless comparison and runs the window for S
// seconds while a ParameterCycler (parameter_cycler.h) changes a live knob every MS ms through the
// control panel. Every minute (and at the end) it prints the elapsed time, frames/s, the longest
// GUI-thread stall (the largest lateness of a 10 ms timer), the training steps/s, the resident
// memory and how much of the heap is live and how much malloc holds free; the last lines give the
// memory growth since the first minute and since the end of a 5-minute warm-up.
//   xvfb-run -a -s '-screen 0 1600x1000x24' rankscope-gui-bench --seconds 3600 --change-every-ms 1000
#include "dashboard.h"
#include "heap_trimmer.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "parameter_cycler.h"
#include "resident_memory.h"
#include "thread_stats.h"
#include "video/record_control.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <malloc.h>
#include <utility>

using namespace rankscope;

namespace {

// glibc's own accounting (mallinfo2): bytes handed out and still live, and bytes malloc holds free in
// its arenas. Splits RSS growth into live heap (a leak or a growing cache) and allocator retention.
struct HeapUse {
    double liveMegabytes, heldFreeMegabytes;
};
HeapUse heapUse() {
    const struct mallinfo2 info = mallinfo2();
    return {(info.uordblks + info.hblkhd) / 1048576.0, info.fordblks / 1048576.0};
}

// Steps per second over `seconds`, measured from two snapshots of a running session.
double sessionStepsPerSecond(TrainingSession& session, double seconds) {
    QTest::qWait(500); // warm-up
    if (!QTest::qWaitFor([&session] { return session.latestSnapshot() != nullptr; }, 60000))
        return 0; // nothing trained in a minute
    const SnapshotPtr first = session.latestSnapshot();
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(static_cast<int>(seconds * 1000));
    const SnapshotPtr last = session.latestSnapshot();
    return (last->step - first->step) / (last->wallSeconds - first->wallSeconds);
}

// CPU seconds the calling thread has used.
double threadCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

// The plot whose replots count the frames: the first one on screen (presentation mode does not draw
// the panels it hides).
LivePlot* framePlot(MainWindow& window) {
    const QList<LivePlot*> plots = window.dashboard()->plots();
    const auto shown =
        std::find_if(plots.begin(), plots.end(), [](LivePlot* plot) { return plot->isVisible(); });
    return shown != plots.end() ? *shown : plots.first();
}

// CPU seconds the sessions' analysis threads have used.
double analysisCpuSeconds() {
    double seconds = 0;
    for (const ThreadStat& thread : threadStats("rankscope::Anal"))
        seconds += thread.cpuSeconds;
    return seconds;
}

// Drags the mouse over the rank plot: a prediction that the mean rank falls from where it starts to a
// third of it within the first third of the run, then stays.
void sketchPrediction(MainWindow& window) {
    if (!QTest::qWaitFor([&window] { return !window.history().meanRank.isEmpty(); }, 60000))
        return;
    LivePlot* rank = window.dashboard()->rankPlot();
    rank->replot();
    const QRect area = rank->axisRect()->rect();
    const double start = window.history().meanRank.values().back();
    const auto at = [&](double share, double value) {
        return QPoint(area.left() + static_cast<int>(share * (area.width() - 1)),
                      static_cast<int>(rank->yAxis->coordToPixel(value)));
    };
    QTest::mousePress(rank, Qt::LeftButton, {}, at(0, start));
    for (int i = 1; i <= 40; ++i) {
        const double share = i / 40.0;
        QTest::mouseMove(rank, at(share, share < 0.33 ? start * (1 - 2 * share) : start / 3));
    }
    QTest::mouseRelease(rank, Qt::LeftButton, {}, at(1, start / 3));
}

// The GUI thread's responsiveness: a 10 ms precise timer that records how late it fires.
class StallMeter : public QObject {
public:
    StallMeter() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            m_worstMs = std::max(m_worstMs, m_sinceLast.nsecsElapsed() * 1e-6 - kIntervalMs);
            m_sinceLast.restart();
        });
        m_sinceLast.start();
        m_timer.start();
    }
    double takeWorstMs() { return std::exchange(m_worstMs, 0.0); } // since the previous call

private:
    static constexpr int kIntervalMs = 10;
    QTimer m_timer;
    QElapsedTimer m_sinceLast;
    double m_worstMs = 0;
};

// Counts the snapshots the window's sessions publish, by polling them faster than any publishes
// (faster than a session captures them): new snapshots are what a display frame draws.
class SnapshotCounter : public QObject {
public:
    explicit SnapshotCounter(MainWindow& window)
        : m_window(window)
        , m_seen(window.runCount()) {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            for (int run = 0; run < m_window.runCount(); ++run)
                if (const SnapshotPtr latest = m_window.session(run).latestSnapshot();
                    latest != m_seen[run]) {
                    m_seen[run] = latest;
                    ++m_count;
                }
        });
        m_timer.start(5);
    }
    void restart() { m_count = 0; }
    int count() const { return m_count; }

private:
    MainWindow& m_window;
    std::vector<SnapshotPtr> m_seen;
    QTimer m_timer;
    int m_count = 0;
};

// Until every run's histories have filled once and the allocator has settled (the soaks level off
// after 3-5 minutes); memory growth is judged from here.
constexpr double kWarmUpSeconds = 300;

// The soak: S seconds of training in the window with a live change every `changeEveryMs`.
int soak(MainWindow& window, double seconds, int changeEveryMs) {
    int frames = 0;
    QObject::connect(framePlot(window), &QCustomPlot::afterReplot, [&frames] { ++frames; });
    ParameterCycler cycler(*window.controls());
    QTimer changes;
    QObject::connect(&changes, &QTimer::timeout, [&cycler] { cycler.tick(); });
    StallMeter stalls;
    // Steps trained, counted across Resets (which restart the step count at 0).
    std::int64_t steps = 0, lastStep = 0;
    QTimer stepPoll;
    QObject::connect(&stepPoll, &QTimer::timeout, [&] {
        if (const SnapshotPtr latest = window.session().latestSnapshot()) {
            steps += latest->step >= lastStep ? latest->step - lastStep : latest->step;
            lastStep = latest->step;
        }
    });
    stepPoll.start(100);
    window.toggleRunning();
    changes.start(changeEveryMs);

    std::printf("soak: a change every %d ms, platform %s\n", changeEveryMs,
                qPrintable(QGuiApplication::platformName()));
    std::printf("%9s %8s %14s %12s %10s %12s %12s %8s\n", "elapsed_s", "fps", "worst_stall_ms", "steps/s",
                "RSS_MB", "heap_live_MB", "heap_free_MB", "changes");
    std::fflush(stdout);
    QElapsedTimer clock, interval;
    clock.start();
    double firstMinuteRss = 0, warmRss = 0, worstStall = 0;
    while (seconds - clock.nsecsElapsed() * 1e-9 >= 1) { // rows of a minute, the last one shorter
        interval.start();
        frames = 0;
        steps = 0;
        QTest::qWait(static_cast<int>(std::min(60.0, seconds - clock.nsecsElapsed() * 1e-9) * 1000));
        const double intervalSeconds = interval.nsecsElapsed() * 1e-9;
        const double stepsPerSecond = steps / intervalSeconds;
        const double stall = stalls.takeWorstMs();
        worstStall = std::max(worstStall, stall);
        const double rss = residentMegabytes();
        if (firstMinuteRss == 0)
            firstMinuteRss = rss;
        if (warmRss == 0 && clock.nsecsElapsed() * 1e-9 >= kWarmUpSeconds)
            warmRss = rss;
        const HeapUse heap = heapUse();
        std::printf("%9.0f %8.1f %14.1f %12.0f %10.1f %12.1f %12.1f %8ld\n", clock.nsecsElapsed() * 1e-9,
                    frames / intervalSeconds, stall, stepsPerSecond, rss, heap.liveMegabytes,
                    heap.heldFreeMegabytes, cycler.changes());
        std::fflush(stdout);
    }
    const double rss = residentMegabytes();
    std::printf("soak done: %.0f s, %ld changes, worst stall %.1f ms, RSS %.1f MB after the first minute, "
                "%.1f MB at the end (%+.1f%%)\n",
                clock.nsecsElapsed() * 1e-9, cycler.changes(), worstStall, firstMinuteRss, rss,
                100 * (rss - firstMinuteRss) / firstMinuteRss);
    if (warmRss > 0)
        std::printf("after the %.0f-minute warm-up: RSS %.1f MB, %.1f MB at the end (%+.1f%%)\n",
                    kWarmUpSeconds / 60, warmRss, rss, 100 * (rss - warmRss) / warmRss);
    return 0;
}

// Steps/s and display frames/s while the Record control records the dashboard, against `steps` and
// `fps` measured without it; the video's frames grabbed, encoded and dropped per second.
bool measureRecording(MainWindow& window, const QString& path, double seconds, double steps, double fps) {
    auto* record = window.findChild<RecordControl*>();
    if (const Status started = record->startRecording(path); !started) {
        std::fprintf(stderr, "error: %s\n", qPrintable(started.error()));
        return false;
    }
    int frames = 0;
    const QMetaObject::Connection counting =
        QObject::connect(framePlot(window), &QCustomPlot::afterReplot, [&frames] { ++frames; });
    QElapsedTimer clock;
    clock.start();
    const double recording = sessionStepsPerSecond(window.session(), seconds);
    const double elapsed = clock.nsecsElapsed() * 1e-9;
    QObject::disconnect(counting);
    const ScreenRecorder& recorder = record->recorder();
    const int grabbed = recorder.framesGrabbed(), dropped = recorder.framesDropped();
    QSignalSpy finished(&recorder, &ScreenRecorder::finished);
    QElapsedTimer finishing;
    finishing.start();
    record->action()->trigger();
    if (!finished.wait(600000) || !finished.first().at(2).toString().isEmpty()) {
        std::fprintf(stderr, "error: the recording did not finish\n");
        return false;
    }
    std::printf("recording the dashboard (%dx%d) to %s:\n", window.dashboard()->width(),
                window.dashboard()->height(), qPrintable(path));
    std::printf("  training steps/s while recording:             %.0f (%.0f%% of without)\n", recording,
                100 * recording / steps);
    std::printf("  display frames/s while recording:             %.1f (without: %.1f)\n", frames / elapsed,
                fps);
    std::printf("  video frames/s grabbed, dropped:              %.1f, %.1f\n", grabbed / elapsed,
                dropped / elapsed);
    std::printf("  frames encoded, finishing after stop:         %d, %.1f s\n",
                finished.first().at(1).toInt(), finishing.nsecsElapsed() * 1e-9);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const HeapTrimmer heapTrimmer; // as rankscope's main() does, before any run's thread
    QCoreApplication::setOrganizationName("RankScopeBench");
    QCommandLineParser parser;
    parser.addOptions(
        {{"preset", "Preset to run.", "NAME", "default"},
         {"seconds", "Seconds per measurement.", "S", "10"},
         {"screenshot", "Save the window at the end.", "FILE"},
         {"presentation", "Measure in presentation mode."},
         {"size", "Window size outside presentation mode.", "WxH", "1600x1000"},
         {"predict", "Sketch a predicted rank curve before starting."},
         {"speed", "Cap training in the window at S steps/s.", "S"},
         {"record", "Measure again while recording the dashboard into FILE.", "FILE"},
         {"change-every-ms", "Soak: change a live parameter every MS ms for --seconds.", "MS"}});
    parser.process(app);
    const Result<RunConfig> preset = resolvePreset(parser.value("preset"));
    if (!preset) {
        std::fprintf(stderr, "error: %s\n", qPrintable(preset.error()));
        return 2;
    }
    const double seconds = parser.value("seconds").toDouble();
    if (parser.isSet("change-every-ms")) {
        const int changeEveryMs = parser.value("change-every-ms").toInt();
        if (changeEveryMs < 1 || seconds <= 0) {
            std::fprintf(stderr, "error: --change-every-ms and --seconds must be positive\n");
            return 2;
        }
        MainWindow window(preset.value());
        window.resize(1600, 1000);
        window.show();
        return soak(window, seconds, changeEveryMs);
    }

    double headless = 0;
    {
        TrainingSession session;
        session.load(preset.value());
        session.setRunning(true);
        headless = sessionStepsPerSecond(session, seconds);
    }

    const QStringList size = parser.value("size").split('x');
    if (size.size() != 2 || size[0].toInt() < 1 || size[1].toInt() < 1) {
        std::fprintf(stderr, "error: --size %s: expected WIDTHxHEIGHT, e.g. 1920x1080\n",
                     qPrintable(parser.value("size")));
        return 2;
    }
    MainWindow window(preset.value());
    window.resize(size[0].toInt(), size[1].toInt());
    window.show();
    if (parser.isSet("presentation"))
        window.setPresentationMode(true);
    if (parser.isSet("speed")) {
        window.controls()->setSpeed(parser.value("speed").toDouble());
        for (int run = 0; run < window.runCount(); ++run)
            window.session(run).setMaxStepsPerSecond(window.controls()->speed());
    }
    if (parser.isSet("predict"))
        sketchPrediction(window);
    SnapshotCounter snapshots(window);
    window.toggleRunning();
    QTest::qWait(500);
    // Chosen once the first snapshots are on screen: the layer key they bring can hide panels.
    int frames = 0;
    QObject::connect(framePlot(window), &QCustomPlot::afterReplot, [&frames] { ++frames; });
    snapshots.restart();
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = threadCpuSeconds();
    const double analysisCpuBefore = analysisCpuSeconds();
    const double withWindow = sessionStepsPerSecond(window.session(), seconds);
    const double fps = frames / (clock.nsecsElapsed() * 1e-9);
    const double snapshotsPerSecond = snapshots.count() / (clock.nsecsElapsed() * 1e-9);
    const double analysisCpuPerSnapshotMs =
        1000 * (analysisCpuSeconds() - analysisCpuBefore) / std::max(snapshots.count(), 1);
    const double cpuPerFrameMs = 1000 * (threadCpuSeconds() - cpuBefore) / std::max(frames, 1);

    std::printf("preset %s, %d run(s), window %dx%d%s, speed %s, %.0f s per measurement, platform %s\n",
                qPrintable(parser.value("preset")), window.runCount(), window.width(), window.height(),
                window.isPresentationMode() ? " (presentation mode)" : "",
                window.controls()->speed() > 0
                    ? qPrintable(QString::number(window.controls()->speed()) + " steps/s")
                    : "unlimited",
                seconds, qPrintable(QGuiApplication::platformName()));
    std::printf("training steps/s headless (session, no window): %.0f\n", headless);
    std::printf("training steps/s with the window open:          %.0f (%.0f%% of headless)\n", withWindow,
                100 * withWindow / headless);
    std::printf("display frames/s:                               %.1f\n", fps);
    std::printf("snapshots published/s, all runs:                %.1f (the most frames there can be)\n",
                snapshotsPerSecond);
    std::printf("analysis CPU per snapshot:                      %.1f ms\n", analysisCpuPerSnapshotMs);
    std::printf("GUI thread CPU per frame:                       %.1f ms (%.0f frames/s on a free core)\n",
                cpuPerFrameMs, 1000 / cpuPerFrameMs);
    double replotMs = 0;
    QStringList perPlot;
    for (LivePlot* plot : window.dashboard()->plots()) {
        replotMs += plot->replotTime(true);
        perPlot << QString("%1 %2").arg(plot->title()).arg(plot->replotTime(true), 0, 'f', 1);
    }
    std::printf("replot time per frame, all six plots:           %.1f ms (%s)\n", replotMs,
                qPrintable(perPlot.join(", ")));
    std::printf("resident memory:                                %.0f MB\n", residentMegabytes());
    if (parser.isSet("record") && !measureRecording(window, parser.value("record"), seconds, withWindow, fps))
        return 1;
    if (parser.isSet("screenshot")) {
        window.toggleRunning(); // paused: the status bar says so, the plots stay
        QTest::qWait(300);
        window.grab().save(parser.value("screenshot"));
    }
    return 0;
}
