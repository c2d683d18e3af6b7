#include "io/checkpoint_csv.h"

#include "io/csv_number.h"
#include "io/write_error.h"

#include <QDir>
#include <QRegularExpression>

namespace rankscope {
namespace {

// A tensor name as a CSV column suffix: no separators, quotes or spaces.
QByteArray columnName(const QString& name) {
    static const QRegularExpression unsafe("[,\"\\s]");
    return QString(name).replace(unsafe, "_").toUtf8();
}

constexpr const char* kPerMatrix[] = {"rank_", "effective_rank_", "stable_rank_",
                                      "fro_",  "spectral_",       "change_per_checkpoint_"};

} // namespace

QByteArray CheckpointCsvWriter::headerLine(const QStringList& matrixNames) {
    QByteArrayList columns{
        "step", "mean_rank", "mean_effective_rank", "mean_stable_rank", "mean_change_per_checkpoint",
        "rho",  "collapsed"};
    for (const QString& name : matrixNames)
        for (const char* prefix : kPerMatrix)
            columns << prefix + columnName(name);
    return columns.join(',') + '\n';
}

QByteArray CheckpointCsvWriter::rowLine(qint64 step, const NetworkAnalysis& analysis) {
    QByteArrayList fields{QByteArray::number(step),
                          csvNumber(analysis.meanRank),
                          csvNumber(analysis.meanEffectiveRank),
                          csvNumber(analysis.meanStableRank),
                          csvNumber(analysis.meanUpdateNoise),
                          csvNumber(analysis.rho),
                          analysis.collapsed ? "1" : "0"};
    for (const LayerAnalysis& layer : analysis.layers)
        fields << QByteArray::number(layer.rank) << csvNumber(layer.effectiveRank)
               << csvNumber(layer.stableRank) << csvNumber(layer.frobenius) << csvNumber(layer.spectral)
               << csvNumber(layer.updateNoise);
    return fields.join(',') + '\n';
}

Status CheckpointCsvWriter::open(const QString& directory, const QStringList& matrixNames) {
    m_names = matrixNames;
    if (!QDir().mkpath(directory))
        return Status::failure(QString("%1: cannot create the folder").arg(directory));
    m_metrics.setFileName(QDir(directory).filePath("metrics.csv"));
    m_singularValues.setFileName(QDir(directory).filePath("singular_values.csv"));
    for (QFile* file : {&m_metrics, &m_singularValues}) {
        errno = 0;
        if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate))
            return Status::failure(
                QString("%1: cannot write: %2").arg(file->fileName(), writeErrorText(*file)));
    }
    if (Status header = write(m_metrics, headerLine(matrixNames)); !header)
        return header;
    return write(m_singularValues, "step,tensor,index,value\n");
}

Status CheckpointCsvWriter::append(qint64 step, const NetworkAnalysis& analysis) {
    Q_ASSERT(analysis.layers.size() == std::size_t(m_names.size()));
    if (Status row = write(m_metrics, rowLine(step, analysis)); !row)
        return row;
    QByteArray values;
    for (std::size_t l = 0; l < analysis.layers.size(); ++l) {
        const Eigen::VectorXd& s = analysis.layers[l].singularValues;
        const QByteArray prefix = QByteArray::number(step) + ',' + columnName(m_names[int(l)]) + ',';
        for (Eigen::Index i = 0; i < s.size(); ++i)
            values += prefix + QByteArray::number(i + 1) + ',' + csvNumber(s[i]) + '\n';
    }
    return write(m_singularValues, values);
}

Status CheckpointCsvWriter::write(QFile& file, const QByteArray& text) {
    errno = 0;
    if (file.write(text) != text.size() || !file.flush())
        return Status::failure(QString("%1: cannot write: %2").arg(file.fileName(), writeErrorText(file)));
    return success();
}

} // namespace rankscope
