// metrics.csv formatting and writing. Two column tables (run-level and per-layer) define both the
// header and every row, so the two cannot drift apart.
// Leaves out: CSV quoting (every field is a number) and fsync (a flushed row survives a crashed
// process, not a power cut).
#include "io/metrics_csv.h"

#include "io/csv_number.h"
#include "io/write_error.h"

#include <QDir>
#include <filesystem>
#include <system_error>

namespace rankscope {
namespace {

QByteArray real(double value) {
    return csvNumber(value);
}

QByteArray integer(qint64 value) {
    return QByteArray::number(value);
}

struct RunColumn {
    const char* name;
    QByteArray (*format)(const Snapshot&);
};

struct LayerColumn {
    const char* prefix; // the header is prefix + "_L" + layer number
    QByteArray (*format)(const LayerAnalysis&);
};

const RunColumn kRunColumns[] = {
    {"step", [](const Snapshot& s) { return integer(s.step); }},
    {"epoch", [](const Snapshot& s) { return real(s.epoch); }},
    {"time_s", [](const Snapshot& s) { return real(s.wallSeconds); }},
    {"batch_size", [](const Snapshot& s) { return integer(s.batchSize); }},
    {"lr", [](const Snapshot& s) { return real(s.train.lr); }},
    {"weight_decay", [](const Snapshot& s) { return real(s.train.weight_decay); }},
    {"train_loss", [](const Snapshot& s) { return real(s.metrics.trainLoss); }},
    {"train_acc", [](const Snapshot& s) { return real(s.metrics.trainAcc); }},
    {"test_loss", [](const Snapshot& s) { return real(s.metrics.testLoss); }},
    {"test_acc", [](const Snapshot& s) { return real(s.metrics.testAcc); }},
    {"mean_rank", [](const Snapshot& s) { return real(s.analysis.meanRank); }},
    {"mean_effective_rank", [](const Snapshot& s) { return real(s.analysis.meanEffectiveRank); }},
    {"mean_stable_rank", [](const Snapshot& s) { return real(s.analysis.meanStableRank); }},
    {"update_noise", [](const Snapshot& s) { return real(s.analysis.meanUpdateNoise); }},
    {"nullspace_norm", [](const Snapshot& s) { return real(s.analysis.nullSpaceNorm); }},
    // run extras
    {"momentum", [](const Snapshot& s) { return real(s.train.momentum); }},
    {"update_noise_ema", [](const Snapshot& s) { return real(s.analysis.meanUpdateNoiseEma); }},
    {"gradient_noise", [](const Snapshot& s) { return real(s.analysis.gradientNoise); }},
    {"nullspace_theory", [](const Snapshot& s) { return real(s.analysis.nullSpaceTheory); }},
    {"rho", [](const Snapshot& s) { return real(s.analysis.rho); }},
    {"rank_bound", [](const Snapshot& s) { return real(s.analysis.rankBound); }},
    {"collapsed", [](const Snapshot& s) { return integer(s.analysis.collapsed ? 1 : 0); }},
};

// One group of these per layer, in this order: rank_L1,...,fro_L1,rank_L2,...
const LayerColumn kLayerColumns[] = {
    {"rank", [](const LayerAnalysis& l) { return integer(l.rank); }},
    {"effective_rank", [](const LayerAnalysis& l) { return real(l.effectiveRank); }},
    {"stable_rank", [](const LayerAnalysis& l) { return real(l.stableRank); }},
    {"update_noise", [](const LayerAnalysis& l) { return real(l.updateNoise); }},
    {"fro", [](const LayerAnalysis& l) { return real(l.frobenius); }},
};

// After all groups, one block per column: spectral_L1..spectral_Ln, epoch_change_L1.., operator_rank_L1..,
// operator_spectral_L1..
const LayerColumn kLayerExtraColumns[] = {
    {"spectral", [](const LayerAnalysis& l) { return real(l.spectral); }},
    {"epoch_change", [](const LayerAnalysis& l) { return real(l.epochChange); }},
    {"operator_rank", [](const LayerAnalysis& l) { return real(l.operatorRank); }},
    {"operator_spectral",
     [](const LayerAnalysis& l) {
         return real(l.operatorSingularValues.size() > 0 ? l.operatorSingularValues(0) : kNotMeasured);
     }},
};

QByteArray layerName(const char* prefix, int layer) {
    return prefix + QByteArray("_L") + QByteArray::number(layer + 1);
}

std::filesystem::path nativePath(const QString& path) {
    return QFile::encodeName(path).toStdString();
}

} // namespace

QByteArray MetricsCsvWriter::headerLine(int layerCount) {
    QByteArrayList fields;
    for (const RunColumn& column : kRunColumns)
        fields << column.name;
    for (int layer = 0; layer < layerCount; ++layer)
        for (const LayerColumn& column : kLayerColumns)
            fields << layerName(column.prefix, layer);
    for (const LayerColumn& column : kLayerExtraColumns)
        for (int layer = 0; layer < layerCount; ++layer)
            fields << layerName(column.prefix, layer);
    return fields.join(',') + '\n';
}

QByteArray MetricsCsvWriter::rowLine(const Snapshot& snapshot) {
    QByteArrayList fields;
    for (const RunColumn& column : kRunColumns)
        fields << column.format(snapshot);
    for (const LayerAnalysis& layer : snapshot.analysis.layers)
        for (const LayerColumn& column : kLayerColumns)
            fields << column.format(layer);
    for (const LayerColumn& column : kLayerExtraColumns)
        for (const LayerAnalysis& layer : snapshot.analysis.layers)
            fields << column.format(layer);
    return fields.join(',') + '\n';
}

QString MetricsCsvWriter::path() const {
    return QDir(m_directory).filePath("metrics.csv");
}

QString MetricsCsvWriter::partialPath() const {
    return path() + ".partial";
}

Status MetricsCsvWriter::open(const QString& directory, int layerCount) {
    Q_ASSERT(!m_file.isOpen());
    m_directory = directory;
    m_layerCount = layerCount;
    m_rows = 0;
    if (!QDir().mkpath(directory))
        return Status::failure(QString("%1: cannot create the output directory").arg(directory));
    if (QFile::exists(path()) && !QFile::remove(path()))
        return Status::failure(QString("%1: cannot remove the file of an earlier run").arg(path()));
    m_file.setFileName(partialPath());
    errno = 0;
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Status::failure(QString("%1: cannot write: %2").arg(partialPath(), writeErrorText(m_file)));
    return writeLine(headerLine(layerCount));
}

Status MetricsCsvWriter::writeRow(const Snapshot& snapshot) {
    if (!m_file.isOpen())
        return Status::failure(QString("%1: not open for writing").arg(partialPath()));
    if (static_cast<int>(snapshot.analysis.layers.size()) != m_layerCount)
        return Status::failure(QString("%1: the row for step %2 has %3 layers, the header %4")
                                   .arg(partialPath())
                                   .arg(snapshot.step)
                                   .arg(snapshot.analysis.layers.size())
                                   .arg(m_layerCount));
    Status written = writeLine(rowLine(snapshot));
    if (written)
        ++m_rows;
    return written;
}

Status MetricsCsvWriter::writeLine(const QByteArray& line) {
    // flush() hands the row to the OS now, so a full disk is reported for this row, not later.
    errno = 0;
    if (m_file.write(line) != line.size() || !m_file.flush())
        return Status::failure(QString("%1: cannot write: %2").arg(partialPath(), writeErrorText(m_file)));
    return success();
}

Status MetricsCsvWriter::finish() {
    if (!m_file.isOpen())
        return Status::failure(QString("%1: not open for writing").arg(partialPath()));
    errno = 0;
    m_file.close();
    if (m_file.error() != QFileDevice::NoError)
        return Status::failure(QString("%1: cannot write: %2").arg(partialPath(), writeErrorText(m_file)));
    std::error_code error; // std::filesystem::rename replaces an existing target atomically (POSIX rename)
    std::filesystem::rename(nativePath(partialPath()), nativePath(path()), error);
    if (error)
        return Status::failure(QString("%1: cannot rename to %2: %3")
                                   .arg(partialPath(), path(), QString::fromStdString(error.message())));
    return success();
}

} // namespace rankscope
