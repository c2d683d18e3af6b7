// rankscope: entry point. Decides between the headless runner (no display, no X server: only a
// QCoreApplication is created) and the GUI before any application object exists.
#include "command_line.h"
#include "headless_runner.h"
#include "io/preset_library.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace rankscope;

namespace {

int listPresets(QTextStream& out) {
    for (const QString& name : builtinPresetNames()) {
        const Result<RunConfig> preset = resolvePreset(name);
        out << name.leftJustified(18) << (preset ? preset->name : preset.error()) << Qt::endl;
    }
    return kExitOk;
}

int runWithoutDisplay(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("rankscope");
    QCoreApplication::setApplicationVersion(RANKSCOPE_VERSION);
    QTextStream out(stdout), err(stderr);
    const Result<CommandLineOptions> options = parseCommandLine(app.arguments());
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
    default:
        return runHeadless(options.value(), out, err);
    }
}

} // namespace

int main(int argc, char** argv) {
    if (wantsNoDisplay(argc, argv))
        return runWithoutDisplay(argc, argv);
    std::fputs("rankscope: the GUI is not built yet; use --headless (see --help)\n", stderr);
    return kExitBadInput;
}
