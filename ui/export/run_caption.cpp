#include "export/run_caption.h"

#include "common/data_kinds.h"

#include <QStringList>

namespace rankscope {
namespace {

QString number(double value) {
    return QString::number(value, 'g', 4);
}

QString trainSettings(const Snapshot& latest) {
    const TrainConfig& train = latest.train;
    const QString batch = train.full_batch ? QString("B = %1 (full batch)").arg(latest.batchSize)
                                           : QString("B = %1").arg(latest.batchSize);
    return QString("%1 · lr = %2 · wd = %3 · momentum = %4")
        .arg(batch, number(train.lr), number(train.weight_decay), number(train.momentum));
}

QString modelText(const ModelConfig& model) {
    QStringList widths;
    for (const int width : model.hidden)
        widths << QString::number(width);
    const QString hidden = widths.isEmpty() ? QString("linear") : widths.join('-');
    return QString("%1 %2%3").arg(choiceName(model.kind), hidden, model.residual ? " residual" : "");
}

} // namespace

QString runCaption(const RunConfig& config, const RunViews& runs) {
    if (runs.isEmpty())
        return {};
    QStringList settings;
    for (const RunView& run : runs)
        settings << (runs.size() == 1 ? trainSettings(*run.latest)
                                      : QString("%1: %2").arg(run.label, trainSettings(*run.latest)));
    // Data read from files take their sizes from the files, which the configuration does not hold.
    const QString data = dataKindInfo(config.data.kind).fromFile
                             ? QString("data: %1").arg(choiceName(config.data.kind))
                             : QString("data: %1 %2 × %3")
                                   .arg(choiceName(config.data.kind))
                                   .arg(config.data.train_size)
                                   .arg(config.data.input_dim);
    return QStringList{settings.join("  |  "), data, "model: " + modelText(config.model),
                       QString("step %1").arg(runs.front().latest->step)}
        .join(" · ");
}

} // namespace rankscope
