// readRunMetrics: the rows of a run folder's metrics.csv that a checkpoint's snapshot shows beside
// its spectra: training time (epoch), the settings in effect (lr, weight decay, batch size) and loss
// and accuracy. Reads both writers' columns by name: the Python probe's `loss` and `accuracy`, and
// a RankScope run's `train_loss`, `train_acc`, `test_loss` and `test_acc`; a column that is missing
// or a field that is empty reads as NaN.
// The file is auxiliary to the checkpoints and may be growing while it is read (--watch): a row
// that is not complete or whose step is not a number is skipped, a missing file gives no rows.
#pragma once

#include <QString>
#include <limits>
#include <map>

namespace rankscope {

struct RunMetricsRow {
    static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
    double epoch = kMissing;
    double lr = kMissing;
    double weightDecay = kMissing;
    double batchSize = kMissing;
    double trainLoss = kMissing, trainAcc = kMissing;
    double testLoss = kMissing, testAcc = kMissing;
};

// The rows of RUN/metrics.csv by step (the last row wins when a step repeats).
std::map<qint64, RunMetricsRow> readRunMetrics(const QString& runFolder);

// A run folder's metrics.csv as checkpoints are analysed one after another: read again only when a
// step is asked for that it does not hold yet (a watched training appends the row with its checkpoint).
class RunMetricsFile {
public:
    explicit RunMetricsFile(QString runFolder)
        : m_runFolder(std::move(runFolder)) {}

    // The row of `step`, or null. Valid until the next call.
    const RunMetricsRow* row(qint64 step);

private:
    QString m_runFolder; // empty: no metrics.csv
    std::map<qint64, RunMetricsRow> m_rows;
};

} // namespace rankscope
