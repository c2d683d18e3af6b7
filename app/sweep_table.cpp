// sweep.csv: writing, reading with RFC 4180 quotes, merging shards, and the figure's view of it.
#include "sweep_table.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QLocale>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

namespace rankscope {
namespace {

const QStringList kLeadingColumns = {"mean_rank"};
const QStringList kTrailingColumns = {"mean_effective_rank",
                                      "mean_stable_rank",
                                      "train_acc",
                                      "test_acc",
                                      "steps",
                                      "epochs",
                                      "time_s",
                                      "status"};

QString csvField(const QString& text) {
    if (!text.contains(',') && !text.contains('"'))
        return text;
    return '"' + QString(text).replace("\"", "\"\"") + '"';
}

// One line of RFC 4180 CSV (no newlines inside fields; the writer never makes one).
Result<QStringList> parseCsvLine(const QString& line) {
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            field += line[++i];
        else if (c == '"' && (quoted || field.isEmpty()))
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields << std::exchange(field, QString());
        else
            field += c;
    }
    if (quoted)
        return Result<QStringList>::failure("an unclosed quote");
    return fields << field;
}

int gridIndex(const QStringList& row) {
    return row.value(0).toInt();
}

double number(const QStringList& row, qsizetype column) {
    return row.value(column).toDouble();
}

} // namespace

QStringList SweepTable::makeHeader(const QStringList& sweptKeys, int layerCount) {
    QStringList header = QStringList{"index"} + sweptKeys + QStringList{"repeat", "seed"} + kLeadingColumns;
    for (int layer = 1; layer <= layerCount; ++layer)
        header << QString("rank_L%1").arg(layer);
    return header + kTrailingColumns;
}

QStringList SweepTable::sweptKeys() const {
    return header.mid(1, header.indexOf("repeat") - 1);
}

void SweepTable::addRow(const QStringList& row) {
    const auto after =
        std::upper_bound(rows.begin(), rows.end(), row, [](const QStringList& a, const QStringList& b) {
            return gridIndex(a) < gridIndex(b);
        });
    rows.insert(after, row);
}

Status SweepTable::write(const QString& path) const {
    QByteArray text;
    for (const QStringList& line : QList<QStringList>{header} + rows) {
        QStringList fields;
        for (const QString& field : line)
            fields << csvField(field);
        text += fields.join(',').toUtf8() + '\n';
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return Status::failure(QString("%1: cannot write (%2)").arg(path, file.errorString()));
    return success();
}

Result<SweepTable> SweepTable::read(const QString& path) {
    using R = Result<SweepTable>;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(QString("%1: cannot read (%2)").arg(path, file.errorString()));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    SweepTable table;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Result<QStringList> fields = parseCsvLine(lines[i]);
        if (!fields)
            return R::failure(QString("%1: line %2: %3").arg(path).arg(i + 1).arg(fields.error()));
        if (i == 0) {
            table.header = fields.value();
            if (table.header.value(0) != "index" || !table.header.contains("repeat") ||
                table.header.last() != "status")
                return R::failure(
                    QString("%1: not a sweep.csv (expected the columns index, ..., repeat, ..., status)")
                        .arg(path));
            continue;
        }
        bool isIndex = false;
        fields->value(0).toInt(&isIndex);
        if (fields->size() != table.header.size() || !isIndex)
            return R::failure(QString("%1: line %2: expected %3 fields starting with a grid index, got %4")
                                  .arg(path)
                                  .arg(i + 1)
                                  .arg(table.header.size())
                                  .arg(fields->size()));
        table.addRow(fields.value());
    }
    if (table.header.isEmpty())
        return R::failure(QString("%1: the file is empty").arg(path));
    return table;
}

Result<SweepTable> mergeSweepTables(const QStringList& folders, QList<int>* missing) {
    using R = Result<SweepTable>;
    SweepTable merged;
    QString firstPath;
    QHash<int, QString> sources; // grid index -> the file it came from
    for (const QString& folder : folders) {
        const QString path = QDir(folder).filePath("sweep.csv");
        const Result<SweepTable> shard = SweepTable::read(path);
        if (!shard)
            return R::failure("--merge " + shard.error());
        if (firstPath.isEmpty()) {
            merged.header = shard->header;
            firstPath = path;
        } else if (shard->header != merged.header) {
            return R::failure(
                QString("--merge %1: its columns differ from %2's (not a shard of the same --sweep?)")
                    .arg(path, firstPath));
        }
        for (const QStringList& row : shard->rows) {
            if (sources.contains(gridIndex(row)))
                return R::failure(QString("--merge %1: grid index %2 is also in %3 (the same shard twice?)")
                                      .arg(path)
                                      .arg(gridIndex(row))
                                      .arg(sources[gridIndex(row)]));
            sources.insert(gridIndex(row), path);
            merged.addRow(row);
        }
    }
    const int last = merged.rows.isEmpty() ? -1 : gridIndex(merged.rows.last());
    for (int index = 0; index <= last; ++index)
        if (!sources.contains(index))
            missing->append(index);
    return merged;
}

SweepFigureData sweepFigureData(const SweepTable& table) {
    const QStringList keys = table.sweptKeys();
    auto column = [&](const QString& name) { return table.header.indexOf(name); };
    QList<qsizetype> rankColumns;
    for (qsizetype c = 0; c < table.header.size(); ++c)
        if (table.header[c].startsWith("rank_L"))
            rankColumns << c;
    SweepFigureData data;
    data.xKey = keys.value(0);
    double maxSteps = 0, minSteps = INFINITY, maxEpochs = 0, minEpochs = INFINITY, repeats = 0;
    for (const QStringList& row : table.rows) {
        SweepFigureRun run;
        run.x = row.value(1);
        QStringList others;
        for (qsizetype k = 1; k < keys.size(); ++k)
            others << keys[k] + '=' + row.value(1 + k);
        run.series = others.join(", ");
        for (const qsizetype c : rankColumns)
            run.hiddenRanks.push_back(number(row, c));
        while (!run.hiddenRanks.empty() && !std::isfinite(run.hiddenRanks.back()))
            run.hiddenRanks.pop_back();
        if (!run.hiddenRanks.empty())
            run.hiddenRanks.pop_back(); // the classifier, last
        run.meanRank = number(row, column("mean_rank"));
        run.trainAcc = number(row, column("train_acc"));
        run.testAcc = number(row, column("test_acc"));
        run.diverged = row.value(column("status")) == "diverged";
        data.runs << run;
        repeats = std::max(repeats, number(row, column("repeat")) + 1);
        if (run.diverged)
            continue; // left out of the points, so not what they show
        maxSteps = std::max(maxSteps, number(row, column("steps")));
        minSteps = std::min(minSteps, number(row, column("steps")));
        maxEpochs = std::max(maxEpochs, number(row, column("epochs")));
        minEpochs = std::min(minEpochs, number(row, column("epochs")));
    }
    const QLocale english(QLocale::English);
    const QString steps = english.toString(qint64(maxSteps)) + " steps";
    // Runs of different batch sizes trained for the same epochs (--epochs) differ in steps.
    const bool equalEpochs = minSteps < maxSteps && maxEpochs - minEpochs <= 0.01 * maxEpochs;
    data.note = (equalEpochs           ? english.toString(maxEpochs, 'g', 4) + " epochs each"
                 : minSteps < maxSteps ? "up to " + steps + " each"
                                       : steps + " each") +
                (repeats > 1 ? QString(", mean ± s.d. over %1 seeds").arg(repeats) : QString(", one seed"));
    return data;
}

} // namespace rankscope
