// analyzeWeights() and updateHiddenMeans() on hand-made weights whose measures are known: the means
// run over the hidden layers only (classifier excluded, NaNs skipped), rho is the product of the
// Frobenius norms, and only a collapsed hidden layer marks the network collapsed.
#include "measures/network_analysis.h"
#include "measures/spectrum.h"

#include <QTest>
#include <cmath>

using namespace rankscope;

namespace {
constexpr double kEps = 1e-3;

// L1 = I_4 (rank 4, effective and stable rank 4, ||W||_F = 2), L2 = 3 e_1 e_1^T (rank 1, every
// measure 1, ||W||_F = 3), classifier L3 = 2 [I_2 0] (rank 2, ||W||_F = 2 sqrt 2).
std::vector<Eigen::MatrixXf> threeLayers() {
    Eigen::MatrixXf rankOne = Eigen::MatrixXf::Zero(4, 4);
    rankOne(0, 0) = 3;
    Eigen::MatrixXf classifier = Eigen::MatrixXf::Zero(2, 4);
    classifier(0, 0) = classifier(1, 1) = 2;
    return {Eigen::MatrixXf::Identity(4, 4), rankOne, classifier};
}

NetworkAnalysis analyze(const std::vector<Eigen::MatrixXf>& weights) {
    return analyzeWeights(weights, std::vector<double>(weights.size(), 1.0), kEps, RankNorm::Spectral);
}

bool near(double a, double b) {
    return std::abs(a - b) < 1e-9;
}
} // namespace

class TestNetworkAnalysis : public QObject {
    Q_OBJECT
private slots:
    void everyLayerIsMeasured() {
        const NetworkAnalysis a = analyze(threeLayers());
        QCOMPARE(a.layers.size(), std::size_t(3));
        QCOMPARE(a.layers[0].rank, 4);
        QCOMPARE(a.layers[1].rank, 1);
        QCOMPARE(a.layers[2].rank, 2);
        QVERIFY(near(a.rho, 2 * 3 * 2 * std::sqrt(2.0)));
        QVERIFY(!a.collapsed);
    }

    void meansRunOverTheHiddenLayersOnly() {
        const NetworkAnalysis a = analyze(threeLayers());
        QVERIFY(near(a.meanRank, (4 + 1) / 2.0)); // with the classifier it would be 7/3
        QVERIFY(near(a.meanEffectiveRank, (4 + 1) / 2.0));
        QVERIFY(near(a.meanStableRank, (4 + 1) / 2.0));
        QVERIFY(std::isnan(a.meanUpdateNoise)); // not measured from weights alone
    }

    void aLinearModelAveragesItsOnlyLayer() {
        const NetworkAnalysis a = analyze({Eigen::MatrixXf::Identity(3, 3)});
        QVERIFY(near(a.meanRank, 3));
        QVERIFY(near(a.rho, std::sqrt(3.0)));
    }

    void aCollapsedHiddenLayerCollapsesTheNetwork() {
        std::vector<Eigen::MatrixXf> weights = threeLayers();
        weights[1].setZero();
        const NetworkAnalysis a = analyze(weights);
        QVERIFY(a.layers[1].collapsed);
        QVERIFY(a.collapsed);
        QVERIFY(near(a.meanRank, (4 + 0) / 2.0));
    }

    void aCollapsedClassifierDoesNot() {
        std::vector<Eigen::MatrixXf> weights = threeLayers();
        weights[2].setZero();
        const NetworkAnalysis a = analyze(weights);
        QVERIFY(a.layers[2].collapsed);
        QVERIFY(!a.collapsed);
    }

    void updateNoiseMeansSkipUnmeasuredLayers() {
        NetworkAnalysis a = analyze(threeLayers());
        a.layers[0].updateNoise = 0.2;
        a.layers[2].updateNoise = 5; // the classifier: never in the mean
        a.layers[0].updateNoiseEma = 0.1;
        a.layers[1].updateNoiseEma = 0.3;
        updateHiddenMeans(a);
        QVERIFY(near(a.meanUpdateNoise, 0.2)); // layer 2 is NaN: skipped, not averaged as 0
        QVERIFY(near(a.meanUpdateNoiseEma, 0.2));
        QVERIFY(near(a.meanRank, 2.5)); // the spectral means are recomputed unchanged
    }
};

QTEST_MAIN(TestNetworkAnalysis)
#include "test_network_analysis.moc"
