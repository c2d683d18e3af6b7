// KnobMoves: W switches weight decay off and back to the value it had; B steps the batch size
// along the ladder and wraps around.
#include "presentation/knob_moves.h"

#include <QTest>

using namespace rankscope;

class TestKnobMoves : public QObject {
    Q_OBJECT
private slots:
    void weightDecaySwitchesOffAndBackToItsValue() {
        WeightDecaySwitch w;
        TrainConfig train;
        train.weight_decay = 0.01;
        const TrainConfig off = w.toggled(train, 0.005);
        QCOMPARE(off.weight_decay, 0.0);
        QCOMPARE(off.lr, train.lr);
        QCOMPARE(w.toggled(off, 0.005).weight_decay, 0.01);
    }

    void weightDecayStartingAtZeroTurnsOnAtTheFallback() {
        WeightDecaySwitch w;
        TrainConfig train;
        train.weight_decay = 0;
        QCOMPARE(w.toggled(train, 0.005).weight_decay, 0.005);
    }

    void batchSizeStepsAlongTheLadderAndWraps() {
        TrainConfig train;
        train.batch_size = 8;
        QCOMPARE(nextBatchSize(train, +1).batch_size, 32);
        QCOMPARE(nextBatchSize(train, -1).batch_size, 2);
        train.batch_size = 512;
        QCOMPARE(nextBatchSize(train, +1).batch_size, 2);
        train.batch_size = 2;
        QCOMPARE(nextBatchSize(train, -1).batch_size, 512);
    }

    void batchSizeBetweenRungsMovesToTheNeighbouringRung() {
        TrainConfig train;
        train.batch_size = 100;
        QCOMPARE(nextBatchSize(train, +1).batch_size, 128);
        QCOMPARE(nextBatchSize(train, -1).batch_size, 32);
    }

    void batchSizeSwitchesFullBatchGdToSgd() {
        TrainConfig train;
        train.full_batch = true;
        train.batch_size = 8;
        const TrainConfig next = nextBatchSize(train, +1);
        QVERIFY(!next.full_batch);
        QCOMPARE(next.batch_size, 32);
    }
};

QTEST_MAIN(TestKnobMoves)
#include "test_knob_moves.moc"
