// rankscope: entry point. Decides between the headless runner and sweeps (no display, no X server: a
// QCoreApplication, or an offscreen QApplication when --export(-png), --export-video, --sweep or --merge
// renders a figure) and the GUI before any application object exists. Without a display, a plain `rankscope`
// runs the headless default demo instead of failing, and says where its output went.
#include "checkpoint_runner.h"
#include "checkpoints/checkpoint_window.h"
#include "command_line.h"
#include "headless_runner.h"
#include "heap_trimmer.h"
#include "io/preset_io.h"
#include "io/preset_library.h"
#include "main_window.h"
#include "sweep_runner.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QSettings>
#include <QTextStream>
#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace rankscope;

namespace {

// The arguments as QCoreApplication::arguments() gives them, for parsing before it exists.
QStringList argumentList(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

// Headless options that draw plots, and so need QApplication (offscreen without a display).
constexpr const char* kRenderingOptions[] = {"--export", "--export-png", "--export-video",
                                             "--video-frames-dir"};

// `option` or `option=VALUE` among the arguments.
bool hasArgument(int argc, char** argv, const char* option) {
    const std::size_t length = std::strlen(option);
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], option, length) == 0 && (argv[i][length] == '\0' || argv[i][length] == '='))
            return true;
    return false;
}

bool displayAvailable() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// One line per preset: its name, padded to the longest name plus two spaces, then its title.
int listPresets(QTextStream& out) {
    const QStringList names = builtinPresetNames();
    qsizetype width = 0;
    for (const QString& name : names)
        width = std::max(width, name.size());
    for (const QString& name : names) {
        const Result<RunConfig> preset = resolvePreset(name);
        out << name.leftJustified(width + 2) << (preset ? preset->name : preset.error()) << Qt::endl;
    }
    return kExitOk;
}

// The GUI's start-up preset: the one named on the command line, else the last one used, else default.
// Unknown keys in a named preset file are warnings on `err`, as with --headless (preset_io.h).
Result<RunConfig> startupPreset(const CommandLineOptions& options, QTextStream& err) {
    if (!options.preset.isEmpty()) {
        QStringList warnings;
        Result<RunConfig> named = resolvePreset(options.preset, &warnings);
        for (const QString& warning : warnings)
            err << "warning: " << warning << Qt::endl;
        return named;
    }
    const QByteArray last = QSettings().value("lastPreset").toByteArray();
    if (!last.isEmpty())
        if (Result<RunConfig> restored = presetFromJson(last, "the last session's preset"); restored)
            return restored;
    return defaultPreset();
}

// `rankscope --open PATH` or `--watch DIR`: the dashboard on checkpoints written elsewhere.
int runCheckpointWindow(const CommandLineOptions& options) {
    const bool watch = !options.watchDir.isEmpty();
    CheckpointWindow window({watch ? options.watchDir : options.openPath, watch, options.excludes});
    window.resize(1600, 1000);
    window.show();
    return QApplication::exec();
}

int runGui(const CommandLineOptions& options, QTextStream& err) {
    Result<RunConfig> preset = startupPreset(options, err);
    if (!preset) {
        err << "error: " << preset.error() << Qt::endl;
        return kExitBadInput;
    }
    for (const QString& assignment : options.overrides)
        if (Status applied = applyOverride(preset.value(), assignment); !applied) {
            err << "error: " << applied.error() << Qt::endl;
            return kExitBadInput;
        }
    if (const QString problem = preset->validate(); !problem.isEmpty()) {
        err << "error: " << problem << Qt::endl;
        return kExitBadInput;
    }
    MainWindow window(preset.value());
    window.resize(1600, 1000);
    window.show();
    return QApplication::exec();
}

// RunConfig::validate() keeps a run within a laptop's memory, but a smaller machine may still refuse
// an allocation: say so in one line and exit 2 instead of aborting on std::bad_alloc.
int runHeadlessGuarded(const CommandLineOptions& options, QTextStream& out, QTextStream& err) {
    try {
        return runHeadless(options, out, err);
    } catch (const std::bad_alloc&) {
        err << "error: out of memory: this run needs more memory than the machine gives it (use a smaller "
               "model.hidden, data.train_size or data.input_dim)"
            << Qt::endl;
        return kExitBadInput;
    }
}

// `rankscope` on a machine without a display: the headless default demo, output in ./rankscope-demo.
CommandLineOptions headlessDemo(const CommandLineOptions& requested) {
    CommandLineOptions demo = requested;
    demo.mode = CommandLineOptions::Mode::Headless;
    demo.steps = 20000;
    demo.outDir = "rankscope-demo";
    demo.exportPng = "rankscope-demo/dashboard.png";
    return demo;
}

// On a bare server XDG_RUNTIME_DIR is unset and Qt's offscreen platform says so on stderr, which
// would make every one-line error two lines. Give Qt the private folder it would create itself.
void provideRuntimeDirectory() {
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QByteArray folder = QDir::tempPath().toLocal8Bit() + "/runtime-" + QByteArray::number(getuid());
    ::mkdir(folder.constData(), 0700); // may exist already
    struct stat status {};
    if (::stat(folder.constData(), &status) == 0 && status.st_uid == getuid() &&
        (status.st_mode & 0777) == 0700)
        qputenv("XDG_RUNTIME_DIR", folder);
}

} // namespace

int main(int argc, char** argv) {
    QTextStream out(stdout), err(stderr);
    const bool display = displayAvailable();
    const bool headless = wantsNoDisplay(argc, argv);
    const bool sweeps = hasArgument(argc, argv, "--sweep") || hasArgument(argc, argv, "--merge");
    std::optional<SweepJob> sweepJob; // checked before the offscreen platform starts (sweep_runner.h)
    if (sweeps) {
        const Result<CommandLineOptions> early = parseCommandLine(argumentList(argc, argv));
        if (!early) {
            err << "error: " << early.error() << Qt::endl;
            return kExitBadInput;
        }
        if (early->mode == CommandLineOptions::Mode::Sweep ||
            early->mode == CommandLineOptions::Mode::Merge) {
            Result<SweepJob> job = SweepJob::prepare(early.value(), err);
            if (!job) {
                err << "error: " << job.error() << Qt::endl;
                return kExitBadInput;
            }
            sweepJob = std::move(job).value();
        }
    }
    const bool renders = std::any_of(std::begin(kRenderingOptions), std::end(kRenderingOptions),
                                     [&](const char* option) { return hasArgument(argc, argv, option); });
    const bool needsWidgets = !headless || sweeps || renders;
    if (needsWidgets && (headless || !display) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // render figures without an X server
    if (needsWidgets)
        provideRuntimeDirectory();
    std::unique_ptr<QCoreApplication> app = needsWidgets ? std::make_unique<QApplication>(argc, argv)
                                                         : std::make_unique<QCoreApplication>(argc, argv);
    const HeapTrimmer heapTrimmer; // a process-wide malloc policy: set before any run's thread starts
    QCoreApplication::setOrganizationName("RankScope");
    QCoreApplication::setApplicationName("rankscope");
    QCoreApplication::setApplicationVersion(RANKSCOPE_VERSION);
    if (needsWidgets)
        QApplication::setWindowIcon(QIcon(":/icons/rankscope.svg"));

    const Result<CommandLineOptions> options = parseCommandLine(QCoreApplication::arguments());
    if (!options) {
        err << "error: " << options.error() << Qt::endl;
        return kExitBadInput;
    }
    switch (options->mode) {
    case CommandLineOptions::Mode::Help:
        out << options->helpText;
        return kExitOk;
    case CommandLineOptions::Mode::Version:
        out << "rankscope " << RANKSCOPE_VERSION << Qt::endl;
        return kExitOk;
    case CommandLineOptions::Mode::ListPresets:
        return listPresets(out);
    case CommandLineOptions::Mode::Headless:
        if (!options->openPath.isEmpty() || !options->watchDir.isEmpty())
            return runCheckpoints(options.value(), out, err);
        return runHeadlessGuarded(options.value(), out, err);
    case CommandLineOptions::Mode::Sweep:
    case CommandLineOptions::Mode::Merge:
        Q_ASSERT(sweepJob); // prepared above: these modes need --sweep or --merge
        return sweepJob->run(out, err);
    case CommandLineOptions::Mode::Gui:
        break;
    }
    const bool checkpoints = !options->openPath.isEmpty() || !options->watchDir.isEmpty();
    if (checkpoints && !display) {
        err << "error: --open and --watch show checkpoints in a window, and no display was found: use "
               "--headless --open PATH --out DIR (or --headless --watch DIR --out DIR --max-seconds S)"
            << Qt::endl;
        return kExitBadInput;
    }
    if (checkpoints)
        return runCheckpointWindow(options.value());
    if (!display) {
        out << "No display found (DISPLAY and WAYLAND_DISPLAY are unset): running the headless default demo "
               "instead; its metrics, configuration and dashboard figure go to ./rankscope-demo/"
            << Qt::endl;
        return runHeadlessGuarded(headlessDemo(options.value()), out, err);
    }
    return runGui(options.value(), err);
}
