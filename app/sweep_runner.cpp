// The sweep: grid expansion and validation, the thread pool of headless runs, the progress lines,
// sweep.csv and the figure; and --merge of shard folders.
#include "sweep_runner.h"

#include "headless_runner.h"
#include "io/preset_io.h"
#include "sweep_figure.h"
#include "sweep_table.h"

#include <QDir>
#include <QLocale>
#include <QMutex>
#include <QThread>
#include <QThreadPool>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <new>

namespace rankscope {
namespace {

QString shortest(double value) {
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// "--sweep KEY=VALUE: <problem>"; applyOverride's own "--set " prefix would point at the wrong option.
QString sweepError(const QString& key, const QString& value, QString problem) {
    if (problem.startsWith("--set "))
        problem.remove(0, 6);
    return QString("--sweep %1=%2: %3").arg(key, value, problem);
}

// `base` with every swept key set to its value; an error names the key and value at fault.
Result<RunConfig> applyValues(RunConfig config, const QList<SweepAxis>& axes, const QStringList& values) {
    for (qsizetype k = 0; k < axes.size(); ++k)
        if (Status applied = applyOverride(config, axes[k].key, values[k]); !applied)
            return Result<RunConfig>::failure(sweepError(axes[k].key, values[k], applied.error()));
    if (const QString problem = config.validate(); !problem.isEmpty()) {
        QStringList point;
        for (qsizetype k = 0; k < axes.size(); ++k)
            point << axes[k].key + '=' + values[k];
        const QString where = axes.size() == 1 ? "--sweep " : "--sweep grid point ";
        return Result<RunConfig>::failure(where + point.join(", ") + ": " + problem);
    }
    return config;
}

// Every run of the grid, in grid-index order; each value alone, then each grid point, validated.
Result<QList<SweepRun>> expandGrid(const RunConfig& base, const CommandLineOptions& options) {
    using R = Result<QList<SweepRun>>;
    for (const SweepAxis& axis : options.sweep)
        for (const QString& value : axis.values)
            if (const Result<RunConfig> alone = applyValues(base, {axis}, {value}); !alone)
                return R::failure(alone.error());
    qint64 points = 1;
    for (const SweepAxis& axis : options.sweep)
        points *= axis.values.size();
    if (points * options.repeats > 1000000)
        return R::failure(
            QString("--sweep: %1 runs is too many (at most 1,000,000)").arg(points * options.repeats));
    QList<SweepRun> runs;
    for (int index = 0; index < points * options.repeats; ++index) {
        SweepRun run;
        run.index = index;
        run.repeat = index % options.repeats;
        QStringList values;
        qint64 rest = index / options.repeats;
        for (qsizetype k = options.sweep.size() - 1; k >= 0; --k) {
            const QStringList& axisValues = options.sweep[k].values;
            values.prepend(axisValues[rest % axisValues.size()]);
            rest /= axisValues.size();
        }
        Result<RunConfig> config = applyValues(base, options.sweep, values);
        if (!config)
            return R::failure(config.error());
        run.values = values;
        run.config = std::move(config).value();
        run.config.seed += run.repeat;
        runs << run;
    }
    return runs;
}

// A folder-name-safe form of a value: "[64,64]" -> "64-64", "/data/x" -> "_data_x".
QString fileSafe(const QString& value) {
    QString safe;
    for (const QChar c : value)
        if (c.isLetterOrNumber() || c == '.' || c == '-' || c == '+')
            safe += c;
        else if (c == ',')
            safe += '-';
        else if (c != '[' && c != ']' && c != ' ')
            safe += '_';
    return safe;
}

// "train.batch_size=8 r=0" for the terminal, "train.batch_size=8_r0" for a folder name.
QString runLabel(const QList<SweepAxis>& axes, const SweepRun& run, bool forFolder) {
    QStringList parts;
    for (qsizetype k = 0; k < axes.size(); ++k)
        parts << axes[k].key + '=' + (forFolder ? fileSafe(run.values[k]) : run.values[k]);
    parts << (forFolder ? "r" : "r=") + QString::number(run.repeat);
    return parts.join(forFolder ? "_" : " ");
}

// DIR/runs/<index>_<label>, the index zero-padded to the width of the largest.
QString runFolder(const CommandLineOptions& options, const SweepRun& run, qsizetype total) {
    const int width = QString::number(std::max<qsizetype>(total - 1, 0)).size();
    const QString name =
        QString("%1_%2").arg(run.index, width, 10, QChar('0')).arg(runLabel(options.sweep, run, true));
    return QDir(options.outDir).filePath("runs/" + name);
}

// "[3/8] train.batch_size=8 r=0: mean_rank 112 -> 51, test_acc 86.1% (4.1 s)"
QString progressLine(int finished, qsizetype total, const QString& label, const RunOutcome& outcome) {
    QString line = QString("[%1/%2] %3: mean_rank %4 -> %5")
                       .arg(finished)
                       .arg(total)
                       .arg(label)
                       .arg(outcome.first.analysis.meanRank, 0, 'f', 1)
                       .arg(outcome.last.analysis.meanRank, 0, 'f', 1);
    if (!std::isnan(outcome.last.metrics.testAcc))
        line += QString(", test_acc %1%").arg(100 * outcome.last.metrics.testAcc, 0, 'f', 1);
    line += QString(" (%1 s)").arg(outcome.seconds, 0, 'f', 1);
    if (outcome.exitCode == kExitDiverged)
        line += QString(" DIVERGED at step %1").arg(outcome.last.step + 1);
    else if (outcome.last.analysis.collapsed)
        line += " COLLAPSED (a hidden layer shrank to nothing)";
    return line;
}

QStringList tableRow(const SweepRun& run, const RunOutcome& outcome, int layerCount) {
    const Snapshot& last = outcome.last;
    QStringList row = QStringList{QString::number(run.index)} + run.values;
    row << QString::number(run.repeat) << QString::number(run.config.seed)
        << shortest(last.analysis.meanRank);
    for (int layer = 0; layer < layerCount; ++layer)
        row << (layer < int(last.analysis.layers.size()) ? QString::number(last.analysis.layers[layer].rank)
                                                         : "nan");
    const QString status = outcome.exitCode == kExitDiverged ? "diverged"
                           : last.analysis.collapsed         ? "collapsed"
                                                             : "ok";
    return row << shortest(last.analysis.meanEffectiveRank) << shortest(last.analysis.meanStableRank)
               << shortest(outcome.trainSet.accuracy) << shortest(last.metrics.testAcc)
               << QString::number(last.step) << shortest(last.epoch) << shortest(outcome.seconds) << status;
}

// Runs `runs` `jobs` at a time, printing a progress line as each finishes, into `table`. After a
// run fails with bad input no further run starts; returns its error.
Status runAll(const QList<SweepRun>& runs, const CommandLineOptions& options, qsizetype gridSize,
              int layerCount, SweepTable& table, QTextStream& out) {
    QMutex mutex; // guards table, out, finished and error
    int finished = 0;
    QString error;
    std::atomic<bool> failed = false;
    QThreadPool pool;
    pool.setMaxThreadCount(options.jobs > 0 ? options.jobs : QThread::idealThreadCount());
    for (const SweepRun& run : runs)
        pool.start([&, run] {
            if (failed)
                return;
            CommandLineOptions runOptions = options;
            runOptions.outDir = runFolder(options, run, gridSize);
            RunOutcome outcome;
            try { // an exception must not leave the pool's thread (it would abort the whole sweep)
                outcome = runInFolder(run.config, runOptions, true);
            } catch (const std::bad_alloc&) {
                outcome.exitCode = kExitBadInput;
                outcome.error =
                    "out of memory: use a smaller model.hidden, data.train_size or data.input_dim";
            }
            QMutexLocker lock(&mutex);
            if (outcome.exitCode == kExitBadInput) {
                if (!failed.exchange(true))
                    error =
                        QString("run %1: %2").arg(QDir::toNativeSeparators(runOptions.outDir), outcome.error);
                return;
            }
            table.addRow(tableRow(run, outcome, layerCount));
            out << progressLine(++finished, runs.size(), runLabel(options.sweep, run, false), outcome)
                << Qt::endl;
        });
    pool.waitForDone();
    // The runs' writes to table, error and out are published by the mutex they were made under;
    // taking it here orders them before every read after this function (waitForDone's own hand-over
    // is inside Qt, where ThreadSanitizer cannot see it).
    QMutexLocker lock(&mutex);
    return failed ? Status::failure(error) : success();
}

// DIR/sweep.csv, DIR/sweep.png and DIR/sweep.pdf.
Status writeSweepOutputs(const SweepTable& table, const QString& directory, QTextStream& out) {
    if (!QDir().mkpath(directory))
        return Status::failure(QString("--out %1: cannot create the folder").arg(directory));
    const QDir dir(directory);
    if (Status s = table.write(dir.filePath("sweep.csv")); !s)
        return s;
    if (Status s =
            exportSweepFigure(sweepFigureData(table), {dir.filePath("sweep.png"), dir.filePath("sweep.pdf")});
        !s)
        return s;
    out << "wrote " << QDir::toNativeSeparators(dir.filePath("sweep.csv")) << " (" << table.rows.size()
        << " runs), sweep.png and sweep.pdf" << Qt::endl;
    return success();
}

int badInput(QTextStream& err, const QString& message) {
    err << "error: " << message << Qt::endl;
    return kExitBadInput;
}

} // namespace

Result<SweepJob> SweepJob::prepare(const CommandLineOptions& options, QTextStream& err) {
    using R = Result<SweepJob>;
    SweepJob job;
    job.m_options = options;
    if (options.mode == CommandLineOptions::Mode::Merge) {
        const Result<SweepTable> merged = mergeSweepTables(options.mergeDirs, &job.m_missing);
        if (!merged)
            return R::failure(merged.error());
        job.m_merged = merged.value();
        return job;
    }
    const Result<RunConfig> base = headlessConfig(options, err);
    if (!base)
        return R::failure(base.error());
    const Result<QList<SweepRun>> grid = expandGrid(base.value(), options);
    if (!grid)
        return R::failure(grid.error());
    job.m_gridSize = grid->size();
    for (const SweepRun& run : grid.value()) {
        job.m_layerCount = std::max(job.m_layerCount, int(run.config.model.hidden.size()) + 1);
        if (run.index % options.shardCount == options.shardIndex)
            job.m_runs << run;
    }
    return job;
}

int SweepJob::run(QTextStream& out, QTextStream& err) const {
    return m_options.mode == CommandLineOptions::Mode::Merge ? writeMerge(out, err) : runSweep(out, err);
}

int SweepJob::runSweep(QTextStream& out, QTextStream& err) const {
    if (m_runs.isEmpty())
        err << "warning: shard " << m_options.shardIndex << "/" << m_options.shardCount
            << " has no runs (the grid has " << m_gridSize << ")" << Qt::endl;
    QStringList keys;
    for (const SweepAxis& axis : m_options.sweep)
        keys << axis.key;
    SweepTable table{SweepTable::makeHeader(keys, m_layerCount), {}};
    if (Status s = runAll(m_runs, m_options, m_gridSize, m_layerCount, table, out); !s)
        return badInput(err, s.error());
    if (Status s = writeSweepOutputs(table, m_options.outDir, out); !s)
        return badInput(err, s.error());
    const qsizetype diverged = std::count_if(table.rows.begin(), table.rows.end(),
                                             [](const QStringList& row) { return row.last() == "diverged"; });
    if (diverged > 0)
        err << diverged << " of " << table.rows.size() << " runs diverged (status = diverged in sweep.csv)"
            << Qt::endl;
    return diverged > 0 && diverged == table.rows.size() ? kExitDiverged : kExitOk;
}

int SweepJob::writeMerge(QTextStream& out, QTextStream& err) const {
    if (!m_missing.isEmpty()) {
        QStringList indices;
        for (const int index : m_missing.mid(0, 20))
            indices << QString::number(index);
        err << "warning: grid indices " << indices.join(", ") << (m_missing.size() > 20 ? ", ..." : "")
            << " are in none of the folders (a shard not merged?)" << Qt::endl;
    }
    if (Status s = writeSweepOutputs(m_merged, m_options.outDir, out); !s)
        return badInput(err, s.error());
    return kExitOk;
}

} // namespace rankscope
