#include "io/run_metrics.h"

#include <QDir>
#include <QFile>
#include <QList>

namespace rankscope {
namespace {

// A column of metrics.csv: the names the writers give it and where it goes in a row.
struct MetricsColumn {
    QList<QByteArray> names;
    double RunMetricsRow::*member;
};

const MetricsColumn kColumns[] = {
    {{"epoch"}, &RunMetricsRow::epoch},
    {{"lr"}, &RunMetricsRow::lr},
    {{"weight_decay"}, &RunMetricsRow::weightDecay},
    {{"batch_size"}, &RunMetricsRow::batchSize},
    {{"loss", "train_loss"}, &RunMetricsRow::trainLoss},
    {{"accuracy", "train_acc"}, &RunMetricsRow::trainAcc},
    {{"test_loss"}, &RunMetricsRow::testLoss},
    {{"test_acc"}, &RunMetricsRow::testAcc},
};

double number(const QByteArray& field) {
    bool ok = false;
    const double value = field.trimmed().toDouble(&ok);
    return ok ? value : RunMetricsRow::kMissing;
}

} // namespace

std::map<qint64, RunMetricsRow> readRunMetrics(const QString& runFolder) {
    std::map<qint64, RunMetricsRow> rows;
    QFile file(QDir(runFolder).filePath("metrics.csv"));
    if (runFolder.isEmpty() || !file.open(QIODevice::ReadOnly))
        return rows;
    const QByteArray text = file.readAll();
    const QByteArrayList lines = text.split('\n');
    const QByteArrayList header = lines.value(0).trimmed().split(',');
    const qsizetype stepColumn = header.indexOf("step");
    if (stepColumn < 0)
        return rows;
    std::vector<std::pair<qsizetype, double RunMetricsRow::*>> columns;
    for (const MetricsColumn& column : kColumns)
        for (const QByteArray& name : column.names)
            if (const qsizetype index = header.indexOf(name); index >= 0) {
                columns.emplace_back(index, column.member);
                break;
            }
    // The last line is complete only if the file ends with a newline (a writer may be half-way).
    const qsizetype complete = text.endsWith('\n') ? lines.size() : lines.size() - 1;
    for (qsizetype i = 1; i < complete; ++i) {
        const QByteArrayList fields = lines[i].trimmed().split(',');
        bool ok = false;
        const qint64 step = fields.value(stepColumn).toLongLong(&ok);
        if (!ok || fields.size() != header.size())
            continue;
        RunMetricsRow row;
        for (const auto& [index, member] : columns)
            row.*member = number(fields[index]);
        rows[step] = row;
    }
    return rows;
}

const RunMetricsRow* RunMetricsFile::row(qint64 step) {
    if (!m_rows.count(step) && !m_runFolder.isEmpty())
        m_rows = readRunMetrics(m_runFolder);
    const auto found = m_rows.find(step);
    return found == m_rows.end() ? nullptr : &found->second;
}

} // namespace rankscope
