#include "command_line.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cmath>
#include <cstring>

namespace rankscope {
namespace {

Result<qint64> positiveInteger(const QCommandLineParser& parser, const QString& option, qint64 minimum) {
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < minimum)
        return Result<qint64>::failure(QString("--%1 %2: expected an integer >= %3").arg(option, parser.value(option)).arg(minimum));
    return value;
}

} // namespace

bool wantsNoDisplay(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* option : {"--headless", "--list-presets", "--help", "-h", "--version", "-v"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

Result<CommandLineOptions> parseCommandLine(const QStringList& arguments) {
    using Failure = Result<CommandLineOptions>;
    QCommandLineParser parser;
    parser.setApplicationDescription("RankScope: watch SGD with weight decay drive weight matrices to low rank.");
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addOptions({
        {"headless", "Train without a window; write CSV/NPZ/figures to --out."},
        {"preset", "A built-in preset name or a preset .json file.", "NAME|FILE"},
        {"set", "Override a preset key by its dotted path, e.g. train.batch_size=8 (repeatable).", "KEY=VALUE"},
        {"steps", "Number of training steps (headless).", "N"},
        {"out", "Output folder (headless).", "DIR"},
        {"max-seconds", "Stop after S seconds of training even if fewer than N steps ran.", "S"},
        {"metrics-every", "Write a metrics.csv row every K steps (default: the preset's metrics.every_steps).", "K"},
        {"save-weights-every", "Save DIR/weights/step_XXXXXXXX.npz every K steps.", "K"},
        {"save-data", "Save the data set as DIR/data/{train,test}_{x,y}.npy."},
        {"export-png", "Render the dashboard figure of the final state to FILE.", "FILE"},
        {"list-presets", "List the built-in presets and exit."},
    });
    if (!parser.parse(arguments))
        return Failure::failure(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return Failure::failure(QString("unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().first()));

    CommandLineOptions options;
    options.helpText = parser.helpText();
    if (parser.isSet(help))
        options.mode = CommandLineOptions::Mode::Help;
    else if (parser.isSet(version))
        options.mode = CommandLineOptions::Mode::Version;
    else if (parser.isSet("list-presets"))
        options.mode = CommandLineOptions::Mode::ListPresets;
    else if (parser.isSet("headless"))
        options.mode = CommandLineOptions::Mode::Headless;
    if (parser.isSet("preset"))
        options.preset = parser.value("preset");
    options.overrides = parser.values("set");
    for (const QString& assignment : options.overrides)
        if (!assignment.contains('='))
            return Failure::failure(QString("--set %1: expected KEY=VALUE, e.g. --set train.batch_size=8").arg(assignment));

    if (options.mode != CommandLineOptions::Mode::Headless) {
        for (const char* headlessOnly : {"steps", "out", "max-seconds", "metrics-every", "save-weights-every", "save-data",
                                         "export-png"})
            if (parser.isSet(headlessOnly) && options.mode == CommandLineOptions::Mode::Gui)
                return Failure::failure(QString("--%1 needs --headless").arg(headlessOnly));
        return options;
    }
    if (!parser.isSet("steps"))
        return Failure::failure("--headless needs --steps N");
    if (!parser.isSet("out"))
        return Failure::failure("--headless needs --out DIR");
    const Result<qint64> steps = positiveInteger(parser, "steps", 0);
    if (!steps)
        return Failure::failure(steps.error());
    options.steps = steps.value();
    options.outDir = parser.value("out");
    if (parser.isSet("max-seconds")) {
        bool ok = false;
        options.maxSeconds = parser.value("max-seconds").toDouble(&ok);
        if (!ok || !std::isfinite(options.maxSeconds) || options.maxSeconds <= 0)
            return Failure::failure(QString("--max-seconds %1: expected a number > 0").arg(parser.value("max-seconds")));
    }
    for (const auto& [option, target] : {std::pair{"metrics-every", &options.metricsEvery},
                                         std::pair{"save-weights-every", &options.saveWeightsEvery}}) {
        if (!parser.isSet(option))
            continue;
        const Result<qint64> every = positiveInteger(parser, option, 1);
        if (!every || every.value() > std::numeric_limits<int>::max())
            return Failure::failure(every ? QString("--%1: too large").arg(option) : every.error());
        *target = static_cast<int>(every.value());
    }
    options.saveData = parser.isSet("save-data");
    options.exportPng = parser.value("export-png");
    const QString suffix = QFileInfo(options.exportPng).suffix().toLower();
    if (!options.exportPng.isEmpty() && suffix != "png" && suffix != "pdf" && suffix != "svg")
        return Failure::failure(QString("--export-png %1: the file must end in .png (or .pdf, .svg)").arg(options.exportPng));
    return options;
}

} // namespace rankscope
