#include "headless_runner.h"

#include "comparison_runner.h"
#include "data/data_factory.h"
#include "export/dashboard_renderer.h"
#include "export/figure_preset.h"
#include "export/run_caption.h"
#include "io/metrics_csv.h"
#include "io/npy_writer.h"
#include "io/preset_io.h"
#include "io/preset_library.h"
#include "nn/trainer.h"
#include "session/run_history.h"
#include "session/snapshot_builder.h"
#include "video/ffmpeg_encoder.h"
#include "video/video_output.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryFile>
#include <cmath>
#include <limits>
#include <memory>

namespace rankscope {
namespace {

// Points offered to the history behind figures and videos, spread evenly over the run whatever
// --metrics-every is: about what the window offers its history (kDisplayHistoryPoints, decimated
// the same way) while a run is shown for ten seconds.
constexpr qint64 kFigureHistoryPoints = 400;

Status saveData(const QString& directory, const DataSplit& data) {
    if (!QDir().mkpath(directory))
        return Status::failure(QString("%1: cannot create the folder").arg(directory));
    for (const auto& [prefix, set] : {std::pair{"train", &data.train}, std::pair{"test", &data.test}}) {
        const QString base = QDir(directory).filePath(prefix);
        const ImageShape& image = set->image;
        const NpyArray x =
            image.isImage()
                ? reshaped(npySamples("x", set->x), {set->size(), image.channels, image.height, image.width})
                : npySamples("x", set->x);
        if (Status s = writeNpy(base + "_x.npy", x); !s)
            return s;
        const NpyArray y = set->isRegression() ? npySamples("y", set->targets) : npyLabels("y", set->labels);
        if (Status s = writeNpy(base + "_y.npy", y); !s)
            return s;
    }
    return success();
}

Status saveWeights(const QString& directory, const Trainer& trainer) {
    if (!QDir().mkpath(directory))
        return Status::failure(QString("%1: cannot create the folder").arg(directory));
    std::vector<NpyArray> arrays;
    const Network& net = trainer.network();
    const auto& layers = net.layers();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        NpyArray W = npyMatrix(QString("W%1").arg(l + 1), layers[l].W);
        if (static_cast<int>(l) < net.convLayerCount()) { // PyTorch's kernel layout [out, in, k, k]
            const ConvBlock& block = net.convBlock(static_cast<int>(l));
            const qint64 k = block.spec().kernel;
            W = reshaped(std::move(W), {W.shape[0], block.inputShape().channels, k, k});
        }
        arrays.push_back(std::move(W));
        arrays.push_back(npyVector(QString("b%1").arg(l + 1), layers[l].b));
    }
    const QString name = QString("step_%1.npz").arg(trainer.steps(), 8, 10, QChar('0'));
    return writeNpz(QDir(directory).filePath(name), arrays);
}

QString summary(const Snapshot& first, const Snapshot& last) {
    QString text = QString("mean rank %1 -> %2, effective rank %3 -> %4")
                       .arg(first.analysis.meanRank, 0, 'f', 1)
                       .arg(last.analysis.meanRank, 0, 'f', 1)
                       .arg(first.analysis.meanEffectiveRank, 0, 'f', 1)
                       .arg(last.analysis.meanEffectiveRank, 0, 'f', 1);
    if (!std::isnan(last.metrics.testAcc))
        text += QString(", test accuracy %1%").arg(100 * last.metrics.testAcc, 0, 'f', 1);
    if (last.analysis.collapsed)
        text += " — COLLAPSED: weight decay shrank a hidden layer to nothing (lower lr or weight_decay)";
    return text;
}

RunOutcome badInput(const QString& message) {
    RunOutcome outcome;
    outcome.exitCode = kExitBadInput;
    outcome.error = message;
    return outcome;
}

// The training loop proper: rows every K steps and at the first and last step, weights every
// --save-weights-every steps; for a figure or a video, at most kFigureHistoryPoints history points
// at equal step intervals (and the last step), and the video's frames at fixed step intervals.
class Run {
public:
    Run(const CommandLineOptions& options, const RunConfig& config, std::shared_ptr<const DataSplit> data)
        : m_options(options)
        , m_config(config)
        , m_trainer(config, std::move(data))
        , m_builder(m_trainer) {}

    RunOutcome execute(bool evaluateTrainSet) {
        const QDir dir(m_options.outDir);
        if (Status s = m_csv.open(m_options.outDir, static_cast<int>(m_trainer.network().layers().size()));
            !s)
            return badInput(s.error());
        const qint64 stepLimit = m_options.epochs > 0 ? stepsForEpochs() : m_options.steps;
        m_stepLimit = stepLimit;
        m_historyEvery = std::max<qint64>(1, (stepLimit + kFigureHistoryPoints - 1) / kFigureHistoryPoints);
        if (m_options.video.wanted()) {
            m_renderer = std::make_unique<DashboardRenderer>(m_config, Theme::byName(m_options.figure.theme),
                                                             m_options.timeAxis);
            if (Status s = m_video.open(m_options.video); !s)
                return badInput(s.error());
        }
        QElapsedTimer clock;
        clock.start();
        if (Status s = writeRow(0); !s)
            return badInput(s.error());
        RunOutcome outcome;
        outcome.first = m_lastRow;
        if (Status s = maybeSaveWeights(dir, true); !s)
            return badInput(s.error());
        if (Status s = recordIfDue(false); !s)
            return badInput(s.error());
        bool diverged = false;
        while (m_trainer.steps() < stepLimit) {
            if (m_options.maxSeconds > 0 && clock.nsecsElapsed() * 1e-9 >= m_options.maxSeconds)
                break;
            if (!m_trainer.step()) {
                diverged = true;
                break;
            }
            const bool rowDue = m_trainer.steps() % m_config.metrics.every_steps == 0;
            if (rowDue)
                if (Status s = writeRow(clock.nsecsElapsed() * 1e-9); !s)
                    return badInput(s.error());
            if (Status s = maybeSaveWeights(dir, false); !s)
                return badInput(s.error());
            if (Status s = recordIfDue(false); !s)
                return badInput(s.error());
        }
        if (m_lastRow.step != m_trainer.steps())
            if (Status s = writeRow(clock.nsecsElapsed() * 1e-9); !s)
                return badInput(s.error());
        if (Status s = maybeSaveWeights(dir, true); !s)
            return badInput(s.error());
        if (Status s = m_csv.finish(); !s)
            return badInput(s.error());
        if (Status s = recordIfDue(true); !s)
            return badInput(s.error());
        if (Status s = m_video.finish(); !s)
            return badInput(s.error());
        if (!m_options.exportPng.isEmpty())
            if (Status s = exportFigurePng(); !s)
                return badInput(s.error());
        if (evaluateTrainSet)
            outcome.trainSet = m_trainer.evaluate(m_trainer.data().train, std::numeric_limits<int>::max());
        outcome.exitCode = diverged ? kExitDiverged : kExitOk;
        outcome.last = m_lastRow;
        outcome.metricsPath = m_csv.path();
        outcome.rows = m_csv.rowCount();
        outcome.seconds = clock.nsecsElapsed() * 1e-9;
        outcome.history = std::move(m_history);
        return outcome;
    }

private:
    // --epochs E: ceil(E N / B) steps, N the training set, B the effective batch (N for full-batch GD).
    qint64 stepsForEpochs() const {
        const double n = m_trainer.data().train.size();
        return static_cast<qint64>(std::ceil(m_options.epochs * n / m_trainer.batchSize() - 1e-9));
    }

    Status writeRow(double seconds) {
        m_lastRow = m_builder.build(m_trainer);
        m_lastRow.wallSeconds = seconds;
        m_lastRow.state = m_trainer.diverged() ? RunState::Diverged : RunState::Running;
        return m_csv.writeRow(m_lastRow);
    }

    // The step of video frame `index`: frames split the run into equal step intervals, the last
    // one at the last step.
    qint64 frameStep(int index) const {
        const qint64 frames = m_options.video.frameCount();
        return ((index + 1) * m_stepLimit + frames - 1) / frames;
    }

    // Appends a history point when one is due (or at the end: `last`) and renders the frames due by
    // now; a run that stopped early shows its last state in the remaining frames.
    Status recordIfDue(bool last) {
        if (m_options.exportPng.isEmpty() && !m_options.video.wanted())
            return success();
        const qint64 step = m_trainer.steps();
        const int frames = m_renderer ? m_options.video.frameCount() : 0;
        const bool frameDue = m_frameIndex < frames && (last || step >= frameStep(m_frameIndex));
        if (!frameDue && step % m_historyEvery != 0 && !last)
            return success();
        if (m_history.lastStep() != step) {
            // A CSV row of this step measured the whole test set: reuse it; else measure like the window.
            m_lastPoint = m_lastRow.step == step ? m_lastRow : m_builder.build(m_trainer, kLiveTestSamples);
            m_lastPoint.wallSeconds = 0; // frames must not depend on the machine's speed
            m_history.append(m_lastPoint);
        }
        for (; m_frameIndex < frames && (last || step >= frameStep(m_frameIndex)); ++m_frameIndex) {
            const QImage frame = m_renderer->frame(singleRunView(m_history, m_lastPoint),
                                                   m_options.video.size, m_options.video.panel);
            if (Status s = m_video.write(frame); !s)
                return s;
        }
        return success();
    }

    Status exportFigurePng() const {
        return exportDashboardFigure(singleRunView(m_history, m_lastPoint), m_config, m_options.exportPng,
                                     m_options.timeAxis, m_options.figure,
                                     runCaption(m_config, singleRunView(m_history, m_lastPoint)));
    }

    Status maybeSaveWeights(const QDir& dir, bool boundary) {
        const int every = m_options.saveWeightsEvery;
        if (every <= 0 || m_trainer.steps() == m_lastSavedStep)
            return success();
        if (!boundary && m_trainer.steps() % every != 0)
            return success();
        m_lastSavedStep = m_trainer.steps();
        return saveWeights(dir.filePath("weights"), m_trainer);
    }

    const CommandLineOptions& m_options;
    RunConfig m_config;
    Trainer m_trainer;
    SnapshotBuilder m_builder;
    MetricsCsvWriter m_csv;
    Snapshot m_lastRow;
    Snapshot m_lastPoint;                                                // the history's newest point
    RunHistory m_history{kDisplayHistoryPoints, kDisplayHistorySpectra}; // for --export and --export-video
    qint64 m_stepLimit = 0;
    qint64 m_historyEvery = 1;
    std::unique_ptr<DashboardRenderer> m_renderer; // for --export-video
    VideoOutput m_video;
    int m_frameIndex = 0;
    qint64 m_lastSavedStep = -1;
};

// Whether `folder` takes new files: one is created there and removed, since permission bits say
// nothing about read-only mounts, /proc, or root.
Status checkFolderTakesFiles(const QString& option, const QString& value, const QString& folder) {
    if (!QFileInfo(folder).isDir())
        return Status::failure(QString("%1 %2: the folder %3 does not exist").arg(option, value, folder));
    QTemporaryFile probe(QDir(folder).filePath("rankscope-probe-XXXXXX"));
    if (!probe.open())
        return Status::failure(QString("%1 %2: cannot write in the folder %3 (%4)")
                                   .arg(option, value, folder, probe.errorString()));
    return success();
}

// Figures and videos are written last: a folder that cannot hold them, or a missing ffmpeg, should
// fail the run before training (and before the --out folder is made), not after an hour of it. The
// --out folder itself may not exist yet: runInFolder creates it (and names it if it cannot) before
// training, so a file inside it is fine.
Status checkOutputFile(const QString& option, const QString& path, const QString& outDir) {
    if (path.isEmpty())
        return success();
    const QString folder = QFileInfo(path).absolutePath();
    if (QDir::cleanPath(folder) == QDir::cleanPath(QFileInfo(outDir).absoluteFilePath()))
        return success();
    return checkFolderTakesFiles(option, path, folder);
}

// The frames folder is made just before the --out folder, before training, and must take files.
Status makeFramesFolder(const QString& framesDir) {
    if (framesDir.isEmpty())
        return success();
    if (!QDir().mkpath(framesDir))
        return Status::failure(QString("--video-frames-dir %1: cannot create the folder").arg(framesDir));
    return checkFolderTakesFiles("--video-frames-dir", framesDir, framesDir);
}

} // namespace

Status checkMediaOutputs(const CommandLineOptions& options) {
    if (Status s = checkOutputFile("--export", options.exportPng, options.outDir); !s)
        return s;
    if (!options.video.path.isEmpty() && FfmpegEncoder::executable().isEmpty())
        return Status::failure(FfmpegEncoder::missingMessage());
    return checkOutputFile("--export-video", options.video.path, options.outDir);
}

QString outcomeSummary(const RunOutcome& outcome) {
    return QString("wrote %1 (%2 rows, %3 steps, %4 s): %5")
        .arg(QDir::toNativeSeparators(outcome.metricsPath))
        .arg(outcome.rows)
        .arg(outcome.last.step)
        .arg(outcome.seconds, 0, 'f', 1)
        .arg(summary(outcome.first, outcome.last));
}

Status exportDashboardFigure(const RunViews& runs, const RunConfig& config, const QString& path,
                             std::optional<TimeAxis> timeAxis, const FigureOptions& figure,
                             const QString& caption) {
    DashboardRenderer renderer(config, Theme::byName(figure.theme), timeAxis);
    renderer.show(runs);
    const QList<LivePlot*> plots = renderer.plots(figure.panel);
    FigureLayout layout;
    if (const std::optional<FigurePreset> preset = figurePresetByName(figure.preset))
        layout = presetLayout(*preset, renderer.theme(), static_cast<int>(plots.size()));
    return exportFigure(plots, layout, path, figure.caption ? caption : QString());
}

Result<RunConfig> headlessConfig(const CommandLineOptions& options, QTextStream& err) {
    QStringList warnings;
    Result<RunConfig> config =
        resolvePreset(options.preset.isEmpty() ? QString("default") : options.preset, &warnings);
    for (const QString& warning : warnings)
        err << "warning: " << warning << Qt::endl;
    if (!config)
        return config;
    for (const QString& assignment : options.overrides)
        if (Status applied = applyOverride(config.value(), assignment); !applied)
            return Result<RunConfig>::failure(applied.error());
    if (options.metricsEvery > 0)
        config->metrics.every_steps = options.metricsEvery;
    if (const QString problem = config->validate(); !problem.isEmpty())
        return Result<RunConfig>::failure(problem);
    return config;
}

RunOutcome runInFolder(const RunConfig& config, const CommandLineOptions& options, bool evaluateTrainSet) {
    if (Status s = checkMediaOutputs(options); !s)
        return badInput(s.error());
    Result<DataSplit> data = makeDataSplit(config);
    if (!data)
        return badInput(data.error());
    const QDir dir(options.outDir);
    if (QFileInfo(options.outDir).exists() && !QFileInfo(options.outDir).isDir())
        return badInput(QString("--out %1: is a file, not a folder").arg(options.outDir));
    if (Status s = makeFramesFolder(options.video.framesDir); !s)
        return badInput(s.error());
    if (!QDir().mkpath(options.outDir))
        return badInput(QString("--out %1: cannot create the folder").arg(options.outDir));
    if (Status s = savePresetFile(config, dir.filePath("config.json")); !s)
        return badInput(s.error());
    auto shared = std::make_shared<const DataSplit>(std::move(data).value());
    if (options.saveData)
        if (Status s = saveData(dir.filePath("data"), *shared); !s)
            return badInput(s.error());
    Run run(options, config, shared);
    return run.execute(evaluateTrainSet);
}

int runHeadless(const CommandLineOptions& options, QTextStream& out, QTextStream& err) {
    const Result<RunConfig> config = headlessConfig(options, err);
    if (!config) {
        err << "error: " << config.error() << Qt::endl;
        return kExitBadInput;
    }
    if (!config->compare.empty())
        return runComparison(config.value(), options, out, err);
    const RunOutcome outcome = runInFolder(config.value(), options);
    if (outcome.exitCode == kExitBadInput) {
        err << "error: " << outcome.error << Qt::endl;
        return kExitBadInput;
    }
    out << outcomeSummary(outcome) << Qt::endl;
    if (!options.exportPng.isEmpty())
        out << "wrote " << QDir::toNativeSeparators(options.exportPng) << Qt::endl;
    if (outcome.exitCode == kExitDiverged)
        err << "diverged at step " << outcome.last.step + 1
            << " (loss or update became NaN/Inf; lower train.lr or train.weight_decay)" << Qt::endl;
    return outcome.exitCode;
}

} // namespace rankscope
