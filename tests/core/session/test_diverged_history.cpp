// A diverged snapshot measures nothing (its weights are NaN or Inf): RunHistory records no value
// for it, so every line ends at the last healthy point instead of ramping from full rank to 0.
#include "session/run_history.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {

Snapshot snapshotAt(std::int64_t step, int rank, RunState state) {
    Snapshot s;
    s.step = step;
    s.state = state;
    s.weights.push_back(Eigen::MatrixXf::Zero(4, 4));
    LayerAnalysis layer;
    layer.singularValues = Eigen::VectorXd::Constant(4, rank > 0 ? 1.0 : 0.0);
    layer.rank = rank;
    s.analysis.layers = {layer, layer};
    updateHiddenMeans(s.analysis);
    return s;
}

} // namespace

class TestDivergedHistory : public QObject {
    Q_OBJECT
private slots:
    void aDivergedSnapshotEndsTheLines() {
        RunHistory history;
        history.append(snapshotAt(0, 4, RunState::Paused));
        history.append(snapshotAt(8, 0, RunState::Diverged));
        QCOMPARE(history.meanRank.size(), 2);
        QCOMPARE(history.meanRank.values()[0], 4.0);
        QVERIFY(std::isnan(history.meanRank.values()[1]));
        QVERIFY(std::isnan(history.layers[0].rank.values()[1]));
        QCOMPARE(history.layers[0].spectra.size(), 1);
    }
};

QTEST_MAIN(TestDivergedHistory)
#include "test_diverged_history.moc"
