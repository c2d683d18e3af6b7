// Tests for measures/checkpoint_analysis: the parallel analysis equals analyzeWeights' (one thread
// or several), the change per checkpoint is ||W_k - W_{k-1}||_F / ||W_{k-1}||_F, and a cancelled
// analysis returns nothing.
#include "measures/checkpoint_analysis.h"

#include <QTest>

using namespace rankscope;

namespace {

std::vector<Eigen::MatrixXf> someWeights() {
    std::srand(7);
    return {Eigen::MatrixXf::Random(40, 30), Eigen::MatrixXf::Random(8, 60), Eigen::MatrixXf::Random(5, 8)};
}

std::vector<double> norms(const std::vector<Eigen::MatrixXf>& weights) {
    std::vector<double> out;
    for (const Eigen::MatrixXf& w : weights)
        out.push_back(w.norm());
    return out;
}

} // namespace

class TestCheckpointAnalysis : public QObject {
    Q_OBJECT

private slots:
    void equalsTheSequentialAnalysis() {
        const std::vector<Eigen::MatrixXf> weights = someWeights();
        const NetworkAnalysis expected = analyzeWeights(weights, norms(weights), 1e-3, RankNorm::Spectral);
        const std::atomic<bool> cancel{false};
        for (int threads : {1, 3}) {
            const std::optional<NetworkAnalysis> got = analyzeCheckpoint(
                weights, nullptr, norms(weights), 1e-3, RankNorm::Spectral, cancel, threads);
            QVERIFY(got);
            QCOMPARE(got->layers.size(), expected.layers.size());
            for (std::size_t l = 0; l < weights.size(); ++l) {
                QCOMPARE(got->layers[l].singularValues, expected.layers[l].singularValues);
                QCOMPARE(got->layers[l].rank, expected.layers[l].rank);
                QVERIFY(std::isnan(got->layers[l].updateNoise));
            }
            QCOMPARE(got->meanRank, expected.meanRank);
            QCOMPARE(got->rho, expected.rho);
        }
    }

    void measuresTheChangePerCheckpoint() {
        const std::vector<Eigen::MatrixXf> before = someWeights();
        std::vector<Eigen::MatrixXf> after = before;
        after[1] *= 1.5f; // ||1.5 W - W|| / ||W|| = 0.5
        const std::atomic<bool> cancel{false};
        const std::optional<NetworkAnalysis> got =
            analyzeCheckpoint(after, &before, norms(before), 1e-3, RankNorm::Spectral, cancel);
        QVERIFY(got);
        QCOMPARE(got->layers[0].updateNoise, 0.0);
        QVERIFY(std::abs(got->layers[1].updateNoise - 0.5) < 1e-6);
        QVERIFY(std::abs(got->meanUpdateNoise - 0.25) < 1e-6); // hidden layers: the first two
    }

    void cancelledGivesNothing() {
        const std::vector<Eigen::MatrixXf> weights = someWeights();
        const std::atomic<bool> cancel{true};
        QVERIFY(!analyzeCheckpoint(weights, nullptr, norms(weights), 1e-3, RankNorm::Spectral, cancel));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointAnalysis)
#include "test_checkpoint_analysis.moc"
