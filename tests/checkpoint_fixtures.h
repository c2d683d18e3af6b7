// Checkpoint fixtures for the tests of --open and --watch in core and in the window: run folders as
// the Python probe writes them (weights/step_XXXXXXXX.npz, metrics.csv), with random weights that
// shrink from one checkpoint to the next, so ranks and changes per checkpoint are well defined.
#pragma once

#include "io/npy_writer.h"
#include "write_file.h"

#include <QDir>
#include <QTest>

namespace rankscope::fixtures {

// Layers: "features.weight" [width, inputs], "classifier.weight" [3, width], and a bias (skipped).
inline QString writeCheckpoint(const QString& folder, qint64 step, int width = 16, int inputs = 8) {
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(QString("step_%1.npz").arg(step, 8, 10, QChar('0')));
    std::srand(static_cast<unsigned>(step) + 1);
    const float shrink = 1.0f / (1.0f + step / 100.0f);
    const Status written =
        writeNpz(path, {npyMatrix("features.weight", Eigen::MatrixXf::Random(width, inputs) * shrink),
                        npyVector("features.bias", Eigen::VectorXf::Zero(width)),
                        npyMatrix("classifier.weight", Eigen::MatrixXf::Random(3, width))});
    if (!written)
        qWarning("%s", qPrintable(written.error()));
    return path;
}

// A run folder with checkpoints at `steps` and the probe's metrics.csv (loss 2 - step/1000).
inline void writeRunFolder(const QString& run, const QList<qint64>& steps, int width = 16, int inputs = 8) {
    QByteArray metrics = "step,epoch,lr,weight_decay,batch_size,loss,accuracy\n";
    for (const qint64 step : steps) {
        writeCheckpoint(QDir(run).filePath("weights"), step, width, inputs);
        metrics += QByteArray::number(step) + ",0,0.05,0.0005,32," + QByteArray::number(2 - step / 1000.0) +
                   ",0.5\n";
    }
    writeFile(QDir(run).filePath("metrics.csv"), metrics);
}

} // namespace rankscope::fixtures
