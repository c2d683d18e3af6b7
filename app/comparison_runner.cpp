#include "comparison_runner.h"

#include "common/comparison.h"
#include "export/run_caption.h"
#include "headless_runner.h"
#include "io/preset_io.h"

#include <QDir>
#include <QRegularExpression>
#include <algorithm>
#include <vector>

namespace rankscope {
namespace {

// "run2-gd-full-batch": the run's position and its label in file-name-safe letters.
QString runFolderName(int index, const QString& label) {
    QString slug = label.toLower();
    slug.replace(QRegularExpression("[^a-z0-9.]+"), "-");
    slug.remove(QRegularExpression("^-+|-+$"));
    return QString("run%1").arg(index + 1) + (slug.isEmpty() ? QString() : "-" + slug);
}

} // namespace

int runComparison(const RunConfig& config, const CommandLineOptions& options, QTextStream& out,
                  QTextStream& err) {
    if (options.video.wanted()) {
        err << "error: --export-video and --video-frames-dir record one run; a preset with a compare list "
               "runs several (record each run with --set instead)"
            << Qt::endl;
        return kExitBadInput;
    }
    if (Status s = checkMediaOutputs(options); !s) {
        err << "error: " << s.error() << Qt::endl;
        return kExitBadInput;
    }
    const Result<std::vector<ComparisonRun>> runs = comparisonRuns(config);
    if (!runs) {
        err << "error: " << runs.error() << Qt::endl;
        return kExitBadInput;
    }
    const QDir dir(options.outDir);
    if (!QDir().mkpath(options.outDir)) {
        err << "error: --out " << options.outDir << ": cannot create the folder" << Qt::endl;
        return kExitBadInput;
    }
    if (Status saved = savePresetFile(config, dir.filePath("config.json")); !saved) {
        err << "error: " << saved.error() << Qt::endl;
        return kExitBadInput;
    }
    std::vector<RunOutcome> outcomes;
    for (int i = 0; i < static_cast<int>(runs->size()); ++i) {
        const ComparisonRun& run = runs.value()[i];
        CommandLineOptions runOptions = options;
        runOptions.outDir = dir.filePath(runFolderName(i, run.label));
        if (!options.exportPng.isEmpty())
            runOptions.exportPng = QDir(runOptions.outDir).filePath("dashboard.png");
        RunOutcome outcome = runInFolder(run.config, runOptions);
        if (outcome.exitCode == kExitBadInput) {
            err << "error: " << run.label << ": " << outcome.error << Qt::endl;
            return kExitBadInput;
        }
        out << run.label << ": " << outcomeSummary(outcome) << Qt::endl;
        if (outcome.exitCode == kExitDiverged)
            err << run.label << ": diverged at step " << outcome.last.step + 1
                << " (loss or update became NaN/Inf; lower train.lr or train.weight_decay)" << Qt::endl;
        outcomes.push_back(std::move(outcome));
    }
    if (!options.exportPng.isEmpty()) {
        RunViews views;
        for (int i = 0; i < static_cast<int>(outcomes.size()); ++i)
            views.append(RunView{&outcomes[i].history, &outcomes[i].last, runs.value()[i].label, i});
        if (Status drawn = exportDashboardFigure(views, config, options.exportPng, options.timeAxis,
                                                 options.figure, runCaption(config, views));
            !drawn) {
            err << "error: " << drawn.error() << Qt::endl;
            return kExitBadInput;
        }
        out << "wrote " << QDir::toNativeSeparators(options.exportPng) << Qt::endl;
    }
    const bool diverged = std::any_of(outcomes.begin(), outcomes.end(), [](const RunOutcome& outcome) {
        return outcome.exitCode == kExitDiverged;
    });
    return diverged ? kExitDiverged : kExitOk;
}

} // namespace rankscope
