#include "io/control_file.h"

#include "io/write_error.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace rankscope {

qint64 nextControlSequence(const QString& directory) {
    QFile file(QDir(directory).filePath("control.json"));
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    const qint64 last = QJsonDocument::fromJson(file.readAll()).object().value("sequence").toInteger(0);
    return std::max<qint64>(last, 0) + 1;
}

Status writeControlFile(const QString& directory, const ControlRequest& request) {
    QJsonObject control{{"sequence", request.sequence}};
    if (request.lr)
        control["lr"] = *request.lr;
    if (request.weightDecay)
        control["weight_decay"] = *request.weightDecay;
    if (request.batchSize)
        control["batch_size"] = *request.batchSize;
    QSaveFile file(QDir(directory).filePath("control.json"));
    const QByteArray text = QJsonDocument(control).toJson(QJsonDocument::Compact);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return Status::failure(QString("%1: cannot write: %2").arg(file.fileName(), writeErrorText(file)));
    return success();
}

Result<QList<AppliedChange>> readAppliedChanges(const QString& directory) {
    using R = Result<QList<AppliedChange>>;
    QFile file(QDir(directory).filePath("events.csv"));
    if (!file.exists())
        return QList<AppliedChange>{};
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(QString("%1: cannot read: %2").arg(file.fileName(), file.errorString()));
    QList<AppliedChange> changes;
    const QByteArrayList lines = file.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 1 is the header
        if (lines[i].trimmed().isEmpty())
            continue;
        const QList<QByteArray> fields = lines[i].trimmed().split(',');
        bool ok = false;
        const qint64 step = fields.value(0).toLongLong(&ok);
        if (fields.size() != 4 || !ok)
            return R::failure(QString("%1:%2: expected step,key,old,new").arg(file.fileName()).arg(i + 1));
        changes.append(
            {step, QString::fromUtf8(fields[1]), QString::fromUtf8(fields[2]), QString::fromUtf8(fields[3])});
    }
    return changes;
}

std::optional<ControlAck> readControlAck(const QString& directory) {
    QFile file(QDir(directory).filePath("control_ack.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject ack = QJsonDocument::fromJson(file.readAll()).object();
    if (!ack.value("sequence").isDouble())
        return std::nullopt;
    ControlAck result{ack.value("sequence").toInteger(), ack.value("step").toInteger(), {}, {}};
    result.applied = ack.value("applied").toObject().keys();
    const QJsonObject rejected = ack.value("rejected").toObject();
    for (auto it = rejected.begin(); it != rejected.end(); ++it)
        result.rejected << it.key() + ": " + it.value().toString();
    return result;
}

} // namespace rankscope
