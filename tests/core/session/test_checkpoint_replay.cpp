// Tests for session/checkpoint_replay: checkpoints analysed in turn, each against the one before,
// and a checkpoint with other tensors than the first refused without disturbing the replay.
#include "io/npy_writer.h"
#include "session/checkpoint_replay.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rankscope;

namespace {

QString writeCheckpoint(const QTemporaryDir& dir, qint64 step, const Eigen::MatrixXf& hidden,
                        const Eigen::MatrixXf& classifier) {
    const QString path = dir.filePath(QString("step_%1.npz").arg(step));
    const Status written = writeNpz(path, {npyMatrix("W1", hidden), npyVector("b1", Eigen::VectorXf::Zero(3)),
                                           npyMatrix("W2", classifier)});
    return written ? path : QString();
}

} // namespace

class TestCheckpointReplay : public QObject {
    Q_OBJECT

private slots:
    void analysesEachCheckpointAgainstThePrevious() {
        QTemporaryDir dir;
        const Eigen::MatrixXf w1 = Eigen::MatrixXf::Identity(3, 4), w2 = Eigen::MatrixXf::Ones(2, 3);
        const std::atomic<bool> cancel{false};
        CheckpointReplay replay(TensorExclusion(), 1e-3, RankNorm::Spectral);

        const Result<CheckpointPoint> first = replay.analyze({0, writeCheckpoint(dir, 0, w1, w2)}, cancel);
        QVERIFY2(first.ok(), qPrintable(first.error()));
        QCOMPARE(replay.matrixNames(), QStringList({"W1", "W2"}));
        QCOMPARE(replay.matrixDescriptions().first(), QString("W1 [3, 4] as 3x4"));
        QCOMPARE(first->analysis.layers[0].rank, 3);
        QCOMPARE(first->analysis.layers[1].rank, 1);
        QVERIFY(std::isnan(first->analysis.layers[0].updateNoise));

        const Result<CheckpointPoint> second =
            replay.analyze({50, writeCheckpoint(dir, 50, 2 * w1, w2)}, cancel);
        QVERIFY(second.ok());
        QCOMPARE(second->step, 50);
        QCOMPARE(second->analysis.layers[0].updateNoise, 1.0);
        QCOMPARE(second->analysis.layers[1].updateNoise, 0.0);
        QCOMPARE(replay.checkpointsAnalysed(), 2);
    }

    void refusesOtherTensors() {
        QTemporaryDir dir;
        const std::atomic<bool> cancel{false};
        CheckpointReplay replay(TensorExclusion(), 1e-3, RankNorm::Spectral);
        QVERIFY(replay
                    .analyze({0, writeCheckpoint(dir, 0, Eigen::MatrixXf::Ones(3, 4),
                                                 Eigen::MatrixXf::Ones(2, 3))},
                             cancel)
                    .ok());
        const QString other =
            writeCheckpoint(dir, 1, Eigen::MatrixXf::Ones(3, 5), Eigen::MatrixXf::Ones(2, 3));
        const Result<CheckpointPoint> refused = replay.analyze({1, other}, cancel);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().startsWith(other +
                                            ": its weight matrices (W1 [3, 5], W2 [2, 3]) are not those of"),
                 qPrintable(refused.error()));
        QCOMPARE(replay.checkpointsAnalysed(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCheckpointReplay)
#include "test_checkpoint_replay.moc"
