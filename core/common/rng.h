// Rng: the single random-number engine of RankScope. Every random choice (data, initial weights,
// batch order) draws from an Rng seeded from RunConfig::seed, so a run is bit-for-bit reproducible
// for a seed on a given build. Independent streams are derived with streamSeed() so that, e.g.,
// changing the data size does not change the initial weights.
#pragma once

#include <cstdint>
#include <random>

namespace rankscope {

using Rng = std::mt19937_64;

enum class RngStream : std::uint64_t { Data = 1, Init = 2, Batches = 3, Subspace = 4, Teacher = 5 };

// SplitMix64 of (seed, stream): decorrelated seeds for independent streams.
inline std::uint64_t streamSeed(std::uint64_t seed, RngStream stream) {
    std::uint64_t z =
        seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(stream) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline Rng makeRng(std::uint64_t seed, RngStream stream) {
    return Rng(streamSeed(seed, stream));
}

inline double standardNormal(Rng& rng) {
    return std::normal_distribution<double>(0.0, 1.0)(rng);
}
inline double uniform(Rng& rng, double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

} // namespace rankscope
