// BatchSampler on ten samples: epochs are permutations cut into batches, a short tail is dropped,
// a batch size >= N is the whole set in order, and the order follows the seed alone.
#include "nn/batch_sampler.h"

#include <QTest>
#include <algorithm>
#include <numeric>
#include <vector>

using namespace rankscope;

namespace {
constexpr int kSamples = 10;

std::vector<int> take(BatchSampler& sampler, int batchSize) {
    const std::span<const int> batch = sampler.next(batchSize);
    return {batch.begin(), batch.end()};
}

std::vector<int> sorted(std::vector<int> indices) {
    std::sort(indices.begin(), indices.end());
    return indices;
}

std::vector<int> allSamples() {
    std::vector<int> indices(kSamples);
    std::iota(indices.begin(), indices.end(), 0);
    return indices;
}
} // namespace

class TestBatchSampler : public QObject {
    Q_OBJECT
private slots:
    void anEpochVisitsEverySampleOnce() {
        BatchSampler sampler(kSamples, 1);
        std::vector<int> epoch = take(sampler, 5);
        const std::vector<int> second = take(sampler, 5);
        epoch.insert(epoch.end(), second.begin(), second.end());
        QCOMPARE(sorted(epoch), allSamples());
        QCOMPARE(sampler.samplesSeen(), 10);
        QCOMPARE(sampler.epoch(), 1.0);
    }

    void theBatchSizeMayChangeWithinAnEpoch() {
        BatchSampler sampler(kSamples, 2);
        std::vector<int> seen = take(sampler, 3);
        const std::vector<int> more = take(sampler, 6);
        seen.insert(seen.end(), more.begin(), more.end());
        std::vector<int> unique = sorted(seen);
        QCOMPARE(std::unique(unique.begin(), unique.end()), unique.end()); // 9 distinct samples
        QCOMPARE(sampler.samplesSeen(), 9);
    }

    void aShortTailIsDroppedAndTheOrderReshuffled() {
        BatchSampler sampler(kSamples, 3);
        const std::vector<int> first = take(sampler, 4);
        take(sampler, 4);
        // Two samples are left: the third batch of 4 starts a new permutation.
        const std::vector<int> third = take(sampler, 4);
        QCOMPARE(third.size(), std::size_t(4));
        std::vector<int> unique = sorted(third);
        QCOMPARE(std::unique(unique.begin(), unique.end()), unique.end());
        QCOMPARE(sampler.samplesSeen(), 12);
        QCOMPARE(sampler.epoch(), 1.2);
        QVERIFY(third != first); // a fresh permutation, not the old one again
    }

    void aBatchAsLargeAsTheSetIsTheWholeSetInOrder() {
        BatchSampler sampler(kSamples, 4);
        take(sampler, 3); // mid-epoch
        QCOMPARE(take(sampler, kSamples), allSamples());
        QCOMPARE(take(sampler, 1000), allSamples()); // clamped to N
        QCOMPARE(sampler.samplesSeen(), 3 + 10 + 10);
        // Back to mini-batches: a fresh permutation.
        const std::vector<int> batch = take(sampler, 5);
        std::vector<int> unique = sorted(batch);
        QCOMPARE(std::unique(unique.begin(), unique.end()), unique.end());
    }

    void theOrderFollowsTheSeed() {
        BatchSampler a(kSamples, 7), b(kSamples, 7), c(kSamples, 8);
        const std::vector<int> fromA = take(a, kSamples - 1);
        QCOMPARE(take(b, kSamples - 1), fromA);
        QVERIFY(take(c, kSamples - 1) != fromA);
        QVERIFY(fromA != std::vector<int>({0, 1, 2, 3, 4, 5, 6, 7, 8})); // shuffled, not the identity
    }
};

QTEST_MAIN(TestBatchSampler)
#include "test_batch_sampler.moc"
