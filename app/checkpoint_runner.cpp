#include "checkpoint_runner.h"

#include "headless_runner.h"
#include "io/checkpoint_csv.h"
#include "io/checkpoint_list.h"
#include "session/checkpoint_replay.h"
#include "session/checkpoint_snapshot.h"
#include "session/checkpoint_watcher.h"
#include "session/probe_control.h"
#include "session/run_history.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace rankscope {
namespace {

// Analyses checkpoints in the order they are given, writing a CSV row and a history point for each.
class CheckpointRun {
public:
    CheckpointRun(const CommandLineOptions& options, const QString& runFolder)
        : m_options(options)
        , m_runFolder(runFolder)
        , m_replay(TensorExclusion(options.excludes), m_metrics.rank_eps, m_metrics.rank_norm)
        , m_runMetrics(runFolder) {}

    Status add(const CheckpointFile& file, QTextStream& out) {
        QElapsedTimer clock;
        clock.start();
        const Result<CheckpointPoint> point = m_replay.analyze(file, m_cancel);
        if (!point)
            return Status::failure(point.error());
        if (m_replay.checkpointsAnalysed() == 1) {
            if (Status opened = m_csv.open(m_options.outDir, m_replay.matrixNames()); !opened)
                return opened;
            out << "weight matrices: " << m_replay.matrixDescriptions().join(", ") << Qt::endl;
        }
        if (Status row = m_csv.append(point->step, point->analysis); !row)
            return row;
        out << QString("step %1: mean rank %2, %3 s (%4)")
                   .arg(point->step)
                   .arg(point->analysis.meanRank, 0, 'g', 4)
                   .arg(clock.elapsed() / 1000.0, 0, 'f', 2)
                   .arg(QDir::toNativeSeparators(file.path))
            << Qt::endl;
        m_last = checkpointSnapshot(point.value(), m_replay.matrixNames(), m_runMetrics.row(point->step));
        m_history.append(m_last);
        return success();
    }

    Status finish(QTextStream& out, QTextStream& err) {
        if (m_replay.checkpointsAnalysed() == 0)
            return Status::failure(
                QString("%1: no checkpoint was analysed%2")
                    .arg(sourcePath(), m_options.watchDir.isEmpty()
                                           ? QString()
                                           : QString(" in %1 s").arg(m_options.maxSeconds)));
        out << QString("wrote %1 (%2 checkpoints)")
                   .arg(QDir(m_options.outDir).filePath("metrics.csv"))
                   .arg(m_replay.checkpointsAnalysed())
            << Qt::endl;
        if (m_options.exportPng.isEmpty())
            return success();
        markAppliedChanges(err);
        RunConfig figure; // no preset: the default lecture settings, with this run's rank convention
        figure.metrics = m_metrics;
        return exportDashboardFigure(
            {RunView{.history = &m_history, .latest = &m_last, .label = {}, .index = 0}}, figure,
            m_options.exportPng, m_options.timeAxis, m_options.figure);
    }

private:
    // The changes a watched training applied (the run folder's events.csv) become the figure's
    // markers, as in the window; a malformed file costs the markers, not the figure.
    void markAppliedChanges(QTextStream& err) {
        if (m_runFolder.isEmpty())
            return;
        const Result<QList<AppliedChange>> changes = readAppliedChanges(m_runFolder);
        if (changes)
            m_history.events = changeMarkers(changes.value());
        else
            err << "warning: " << changes.error() << " (the figure has no change markers)" << Qt::endl;
    }

    QString sourcePath() const {
        return m_options.openPath.isEmpty() ? m_options.watchDir : m_options.openPath;
    }

    const CommandLineOptions& m_options;
    const QString m_runFolder;     // empty for checkpoints that are not in a run folder
    const MetricsConfig m_metrics; // the rank convention of a RankScope run: rank_eps and rank_norm
    CheckpointReplay m_replay;
    RunMetricsFile m_runMetrics; // loss and accuracy for the figure
    CheckpointCsvWriter m_csv;
    RunHistory m_history;
    Snapshot m_last;
    std::atomic<bool> m_cancel{false};
};

int openCheckpoints(const CommandLineOptions& options, QTextStream& out, QTextStream& err) {
    const Result<CheckpointList> list = listCheckpoints(options.openPath);
    if (!list) {
        err << "error: " << list.error() << Qt::endl;
        return kExitBadInput;
    }
    CheckpointRun run(options, list->runFolder);
    for (const CheckpointFile& file : list->files)
        if (Status added = run.add(file, out); !added) {
            err << "error: " << added.error() << Qt::endl;
            return kExitBadInput;
        }
    if (Status finished = run.finish(out, err); !finished) {
        err << "error: " << finished.error() << Qt::endl;
        return kExitBadInput;
    }
    return kExitOk;
}

// Analyses every checkpoint that arrives in options.watchDir for options.maxSeconds. A checkpoint
// that cannot be analysed is a warning, not the end of the watch: a writer may still complete it.
int watchCheckpoints(const CommandLineOptions& options, QTextStream& out, QTextStream& err) {
    CheckpointRun run(options, options.watchDir);
    CheckpointWatcher watcher(options.watchDir);
    QObject::connect(&watcher, &CheckpointWatcher::checkpointArrived, [&](const CheckpointFile& file) {
        if (Status added = run.add(file, out); !added) {
            err << "warning: " << added.error() << " (analysed again if the file changes)" << Qt::endl;
            watcher.retryWhenChanged(file);
        }
    });
    QObject::connect(&watcher, &CheckpointWatcher::listingFailed,
                     [&](const QString& message) { err << "warning: " << message << Qt::endl; });
    QEventLoop loop;
    QTimer::singleShot(qRound64(options.maxSeconds * 1000), &loop, &QEventLoop::quit);
    watcher.start();
    loop.exec();
    if (Status finished = run.finish(out, err); !finished) {
        err << "error: " << finished.error() << Qt::endl;
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace

int runCheckpoints(const CommandLineOptions& options, QTextStream& out, QTextStream& err) {
    return options.watchDir.isEmpty() ? openCheckpoints(options, out, err)
                                      : watchCheckpoints(options, out, err);
}

} // namespace rankscope
