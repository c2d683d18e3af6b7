#include "command_line.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <cmath>
#include <cstring>
#include <limits>

namespace rankscope {
namespace {

Result<qint64> positiveInteger(const QCommandLineParser& parser, const QString& option, qint64 minimum) {
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < minimum)
        return Result<qint64>::failure(
            QString("--%1 %2: expected an integer >= %3").arg(option, parser.value(option)).arg(minimum));
    return value;
}

// Splits "V1,V2,..." at the commas outside brackets: "[64,64],[128]" gives "[64,64]" and "[128]".
Result<QStringList> splitSweepValues(const QString& assignment, const QString& list) {
    using R = Result<QStringList>;
    const QString hint = " (values are comma-separated; a list value goes in brackets, e.g. "
                         "model.hidden=[64,64],[128,128])";
    QStringList values;
    QString current;
    int depth = 0;
    for (const QChar c : list + ',') {
        if (c == ',' && depth == 0) {
            if (current.trimmed().isEmpty())
                return R::failure(QString("--sweep %1: empty value%2").arg(assignment, hint));
            if (values.contains(current.trimmed()))
                return R::failure(
                    QString("--sweep %1: value %2 is listed twice").arg(assignment, current.trimmed()));
            values << current.trimmed();
            current.clear();
            continue;
        }
        depth += c == '[' ? 1 : c == ']' ? -1 : 0;
        if (depth < 0)
            break;
        current += c;
    }
    if (depth != 0)
        return R::failure(QString("--sweep %1: unbalanced brackets%2").arg(assignment, hint));
    return values;
}

Result<QList<SweepAxis>> parseSweepAxes(const QStringList& assignments) {
    using R = Result<QList<SweepAxis>>;
    QList<SweepAxis> axes;
    for (const QString& assignment : assignments) {
        const qsizetype equals = assignment.indexOf('=');
        const QString key = assignment.left(equals).trimmed();
        if (equals < 0 || key.isEmpty())
            return R::failure(
                QString("--sweep %1: expected KEY=V1,V2,..., e.g. --sweep train.batch_size=8,32,128")
                    .arg(assignment));
        for (const SweepAxis& axis : axes)
            if (axis.key == key)
                return R::failure(
                    QString("--sweep %1: %2 is swept twice (list all its values in one --sweep)")
                        .arg(assignment, key));
        const Result<QStringList> values = splitSweepValues(assignment, assignment.mid(equals + 1));
        if (!values)
            return R::failure(values.error());
        axes.append({key, values.value()});
    }
    return axes;
}

// --shard I/N, 0-based: 0 <= I < N.
Status parseShard(const QString& text, CommandLineOptions& options) {
    const QStringList parts = text.split('/');
    bool indexOk = false, countOk = false;
    const int index = parts.value(0).toInt(&indexOk);
    const int count = parts.value(1).toInt(&countOk);
    if (parts.size() != 2 || !indexOk || !countOk || count < 1 || index < 0 || index >= count)
        return Status::failure(
            QString("--shard %1: expected I/N with 0 <= I < N (0-based, e.g. 0/4 to 3/4)").arg(text));
    options.shardIndex = index;
    options.shardCount = count;
    return success();
}

Result<int> countOption(const QCommandLineParser& parser, const QString& option, int fallback) {
    if (!parser.isSet(option))
        return fallback;
    const Result<qint64> value = positiveInteger(parser, option, 1);
    if (!value || value.value() > std::numeric_limits<int>::max())
        return Result<int>::failure(value ? QString("--%1: too large").arg(option) : value.error());
    return static_cast<int>(value.value());
}

Status parseMaxSeconds(const QCommandLineParser& parser, CommandLineOptions& options) {
    if (!parser.isSet("max-seconds"))
        return success();
    bool ok = false;
    options.maxSeconds = parser.value("max-seconds").toDouble(&ok);
    if (!ok || !std::isfinite(options.maxSeconds) || options.maxSeconds <= 0)
        return Status::failure(
            QString("--max-seconds %1: expected a number > 0").arg(parser.value("max-seconds")));
    return success();
}

// The options of a training run, shared by --headless and --sweep (`mode` names it in messages).
Status parseTrainingOptions(const QCommandLineParser& parser, const QString& mode,
                            CommandLineOptions& options) {
    if (parser.isSet("steps") == parser.isSet("epochs"))
        return Status::failure(QString("--%1 needs either --steps N or --epochs E").arg(mode));
    if (!parser.isSet("out"))
        return Status::failure(QString("--%1 needs --out DIR").arg(mode));
    if (parser.isSet("epochs")) {
        bool ok = false;
        options.epochs = parser.value("epochs").toDouble(&ok);
        if (!ok || !std::isfinite(options.epochs) || options.epochs <= 0 || options.epochs > 1e9)
            return Status::failure(QString("--epochs %1: expected a number > 0").arg(parser.value("epochs")));
        options.steps = std::numeric_limits<qint64>::max(); // the run computes its own from its batch size
    } else {
        const Result<qint64> steps = positiveInteger(parser, "steps", 0);
        if (!steps)
            return Status::failure(steps.error());
        options.steps = steps.value();
    }
    options.outDir = parser.value("out");
    if (Status seconds = parseMaxSeconds(parser, options); !seconds)
        return seconds;
    for (const auto& [option, target] : {std::pair{"metrics-every", &options.metricsEvery},
                                         std::pair{"save-weights-every", &options.saveWeightsEvery}}) {
        const Result<int> every = countOption(parser, option, 0);
        if (!every)
            return Status::failure(every.error());
        *target = every.value();
    }
    options.saveData = parser.isSet("save-data");
    return success();
}

Status parseSweepOptions(const QCommandLineParser& parser, CommandLineOptions& options) {
    for (const QString& media : mediaOptionNames())
        if (parser.isSet(media))
            return Status::failure(
                QString("--%1 does not apply to --sweep (the sweep draws DIR/sweep.png and .pdf)")
                    .arg(media));
    if (Status s = parseTrainingOptions(parser, "sweep", options); !s)
        return s;
    const Result<QList<SweepAxis>> axes = parseSweepAxes(parser.values("sweep"));
    if (!axes)
        return Status::failure(axes.error());
    options.sweep = axes.value();
    const Result<int> repeats = countOption(parser, "repeats", 1), jobs = countOption(parser, "jobs", 0);
    if (!repeats || !jobs)
        return Status::failure(repeats ? jobs.error() : repeats.error());
    options.repeats = repeats.value();
    options.jobs = jobs.value();
    return parser.isSet("shard") ? parseShard(parser.value("shard"), options) : success();
}

Status parseMergeOptions(const QCommandLineParser& parser, CommandLineOptions& options) {
    for (const QString& name : parser.optionNames())
        if (name != "merge" && name != "out")
            return Status::failure(QString("--%1 does not apply to --merge (only --out DIR)").arg(name));
    if (!parser.isSet("out"))
        return Status::failure("--merge needs --out DIR");
    if (parser.positionalArguments().isEmpty())
        return Status::failure("--merge needs the shard folders to join, e.g. --merge out-0 out-1 --out all");
    options.outDir = parser.value("out");
    options.mergeDirs = parser.positionalArguments();
    return success();
}

// --headless --open PATH / --watch DIR: checkpoints written elsewhere, analysed into --out DIR.
Status parseCheckpointOptions(const QCommandLineParser& parser, CommandLineOptions& options) {
    const QString mode = parser.isSet("open") ? "--open" : "--watch";
    for (const char* trainingOnly : {"preset", "set", "steps", "epochs", "metrics-every",
                                     "save-weights-every", "save-data", "time-axis"})
        if (parser.isSet(trainingOnly))
            return Status::failure(
                QString("--%1 does not apply to %2 (it reads checkpoints, it does not train)")
                    .arg(trainingOnly, mode));
    if (!parser.isSet("out"))
        return Status::failure(QString("--headless %1 needs --out DIR").arg(mode));
    if (parser.isSet("max-seconds") != parser.isSet("watch"))
        return Status::failure(
            "--headless --watch needs --max-seconds S (how long to watch); --open does not take it");
    options.outDir = parser.value("out");
    if (Status seconds = parseMaxSeconds(parser, options); !seconds)
        return seconds;
    options.exportPng = parser.value("export-png");
    for (const char* trainingOnly : {"export-video", "video-frames-dir", "caption"})
        if (parser.isSet(trainingOnly))
            return Status::failure(QString("--%1 needs a training run, not %2").arg(trainingOnly, mode));
    return parseFigureOptions(parser, options.figure);
}

} // namespace

bool wantsNoDisplay(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* option :
             {"--headless", "--sweep", "--merge", "--list-presets", "--help", "-h", "--version", "-v"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

Result<CommandLineOptions> parseCommandLine(const QStringList& arguments) {
    using Failure = Result<CommandLineOptions>;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "RankScope: watch SGD with weight decay drive weight matrices to low rank.");
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addOptions({
        {"headless", "Train without a window; write CSV/NPZ/figures to --out."},
        {"preset", "A built-in preset name or a preset .json file.", "NAME|FILE"},
        {"set", "Override a preset key by its dotted path, e.g. train.batch_size=8 (repeatable).",
         "KEY=VALUE"},
        {"steps", "Number of training steps (headless).", "N"},
        {"epochs",
         "Instead of --steps: train for E passes over the training set, i.e. ceil(E N / B) steps at "
         "batch size B (compares batch sizes at an equal budget).",
         "E"},
        {"out", "Output folder (headless).", "DIR"},
        {"max-seconds", "Stop after S seconds of training even if fewer than N steps ran.", "S"},
        {"metrics-every",
         "Write a metrics.csv row every K steps (default: the preset's metrics.every_steps).", "K"},
        {"save-weights-every", "Save DIR/weights/step_XXXXXXXX.npz every K steps.", "K"},
        {"save-data", "Save the data set as DIR/data/{train,test}_{x,y}.npy."},
        {"time-axis", "The exported figure's time axis: steps (default) or epochs.", "steps|epochs"},
        {"sweep",
         "Run a grid of headless runs: KEY takes each comma-separated value; several --sweep keys form "
         "a cartesian grid. A list value goes in brackets (quote it in the shell): "
         "'model.hidden=[64,64],[128,128,128]'. Writes DIR/sweep.csv, DIR/sweep.png/.pdf, DIR/runs/.",
         "KEY=V1,V2,..."},
        {"repeats", "Sweep: runs per grid point, with seeds seed, seed+1, ..., seed+R-1 (default 1).", "R"},
        {"jobs", "Sweep: runs at a time (default: the number of cores).", "J"},
        {"shard",
         "Sweep: run only the grid indices with index % N == I, 0-based (I = 0..N-1), e.g. "
         "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT; join the shards with --merge.",
         "I/N"},
        {"merge",
         "Join the sweep.csv files of shard folders DIR1 DIR2 ... into --out DIR and redraw the figure."},
        {"list-presets", "List the built-in presets and exit."},
        {"open",
         "Analyse checkpoints: a run folder (weights/step_*.npz), a folder of .npz/.safetensors files "
         "(ordered by the step number in their names) or one such file. Pickles (.pt, .pth, .bin) are "
         "refused: loading a pickle runs arbitrary code.",
         "PATH"},
        {"watch", "Follow a folder another program (e.g. python/rankscope_probe.py) writes checkpoints into.",
         "DIR"},
        {"exclude", "--open/--watch: leave out tensors whose names match the wildcard (repeatable).",
         "PATTERN"},
    });
    parser.addOptions(mediaCommandLineOptions());
    parser.addPositionalArgument("DIR", "--merge: the shard output folders to join.", "[DIR...]");
    if (!parser.parse(arguments))
        return Failure::failure(parser.errorText());
    if (!parser.positionalArguments().isEmpty() && !parser.isSet("merge"))
        return Failure::failure(
            QString("unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().first()));

    CommandLineOptions options;
    options.helpText = parser.helpText();
    if (parser.isSet(help))
        options.mode = CommandLineOptions::Mode::Help;
    else if (parser.isSet(version))
        options.mode = CommandLineOptions::Mode::Version;
    else if (parser.isSet("list-presets"))
        options.mode = CommandLineOptions::Mode::ListPresets;
    else if (parser.isSet("headless") + parser.isSet("sweep") + parser.isSet("merge") > 1)
        return Failure::failure("--headless, --sweep and --merge exclude each other: give one of them");
    else if (parser.isSet("headless"))
        options.mode = CommandLineOptions::Mode::Headless;
    else if (parser.isSet("sweep"))
        options.mode = CommandLineOptions::Mode::Sweep;
    else if (parser.isSet("merge"))
        options.mode = CommandLineOptions::Mode::Merge;
    if (parser.isSet("open") && parser.isSet("watch"))
        return Failure::failure("--open and --watch exclude each other: give one of them");
    const bool checkpoints = parser.isSet("open") || parser.isSet("watch");
    if (checkpoints &&
        (options.mode == CommandLineOptions::Mode::Sweep || options.mode == CommandLineOptions::Mode::Merge))
        return Failure::failure(
            "--open and --watch go with --headless or with the window, not with --sweep or --merge");
    options.openPath = parser.value("open");
    options.watchDir = parser.value("watch");
    options.excludes = parser.values("exclude");
    if (checkpoints && options.mode == CommandLineOptions::Mode::Gui) {
        for (const char* option : {"preset", "set", "steps", "epochs", "out", "max-seconds", "metrics-every",
                                   "save-weights-every", "save-data", "export-png", "time-axis"})
            if (parser.isSet(option))
                return Failure::failure(
                    QString("--%1 does not apply to the window's %2 (it shows checkpoints; --headless "
                            "writes files)")
                        .arg(option, parser.isSet("open") ? "--open" : "--watch"));
        return options;
    }
    if (checkpoints && options.mode == CommandLineOptions::Mode::Headless) {
        if (Status s = parseCheckpointOptions(parser, options); !s)
            return Failure::failure(s.error());
        return options;
    }
    if (parser.isSet("exclude") && !checkpoints)
        return Failure::failure("--exclude needs --open or --watch");
    if (options.mode == CommandLineOptions::Mode::Merge) {
        if (Status s = parseMergeOptions(parser, options); !s)
            return Failure::failure(s.error());
        return options;
    }
    if (parser.isSet("preset"))
        options.preset = parser.value("preset");
    options.overrides = parser.values("set");
    for (const QString& assignment : options.overrides)
        if (!assignment.contains('=') || assignment.section('=', 0, 0).trimmed().isEmpty())
            return Failure::failure(
                QString("--set %1: expected KEY=VALUE, e.g. --set train.batch_size=8").arg(assignment));

    if (options.mode == CommandLineOptions::Mode::Sweep) {
        if (Status s = parseSweepOptions(parser, options); !s)
            return Failure::failure(s.error());
        return options;
    }
    for (const char* sweepOnly : {"repeats", "jobs", "shard"})
        if (parser.isSet(sweepOnly) && (options.mode == CommandLineOptions::Mode::Gui ||
                                        options.mode == CommandLineOptions::Mode::Headless))
            return Failure::failure(QString("--%1 needs --sweep").arg(sweepOnly));
    if (options.mode != CommandLineOptions::Mode::Headless) {
        QStringList headlessOnly = {"steps",       "epochs",        "out",
                                    "max-seconds", "metrics-every", "save-weights-every",
                                    "save-data",   "time-axis"};
        headlessOnly += mediaOptionNames();
        for (const QString& option : headlessOnly)
            if (parser.isSet(option) && options.mode == CommandLineOptions::Mode::Gui)
                return Failure::failure(QString("--%1 needs --headless").arg(option));
        return options;
    }
    if (Status s = parseTrainingOptions(parser, "headless", options); !s)
        return Failure::failure(s.error());
    options.exportPng = parser.value("export-png");
    const QString suffix = QFileInfo(options.exportPng).suffix().toLower();
    if (!options.exportPng.isEmpty() && suffix != "png" && suffix != "pdf" && suffix != "svg")
        return Failure::failure(
            QString("--export %1: the file must end in .png, .pdf or .svg").arg(options.exportPng));
    const QString timeAxis = parser.value("time-axis");
    if (parser.isSet("time-axis") && timeAxis != "steps" && timeAxis != "epochs")
        return Failure::failure(QString("--time-axis %1: expected steps or epochs").arg(timeAxis));
    if (parser.isSet("time-axis"))
        options.timeAxis = timeAxis == "epochs" ? TimeAxis::Epochs : TimeAxis::Steps;
    if (Status s = parseFigureOptions(parser, options.figure); !s)
        return Failure::failure(s.error());
    if (Status s = parseVideoOptions(parser, options.video); !s)
        return Failure::failure(s.error());
    return options;
}

} // namespace rankscope
