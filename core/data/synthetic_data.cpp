// Synthetic data generators; the generative models and their formulas are in synthetic_data.h.
#include "data/synthetic_data.h"

#include "common/rng.h"

#include <Eigen/QR>
#include <cassert>
#include <cmath>
#include <numbers>

namespace rankscope {
namespace {

Eigen::MatrixXd normalMatrix(int rows, int cols, Rng& rng, double stddev = 1.0) {
    std::normal_distribution<double> normal(0.0, stddev);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(rng);
    return m;
}

std::vector<std::int32_t> uniformLabels(int count, int classes, Rng& rng) {
    std::uniform_int_distribution<std::int32_t> label(0, classes - 1);
    std::vector<std::int32_t> labels(count);
    for (auto& y : labels)
        y = label(rng);
    return labels;
}

Dataset classification(Eigen::MatrixXd z, std::vector<std::int32_t> labels, int classes) {
    Dataset set;
    set.x = z.cast<float>();
    set.labels = std::move(labels);
    set.classes = classes;
    return set;
}

void checkSpec([[maybe_unused]] const SyntheticSpec& spec) {
    assert(spec.trainSize >= 1 && spec.testSize >= 0 && spec.dim >= 1 && spec.classes >= 1);
    assert(spec.noise >= 0);
}

// z = mu_y + noise * e (synthetic_data.h, gaussianMixture).
Dataset mixtureSamples(const Eigen::MatrixXd& means, int count, double noise, Rng& rng) {
    const int classes = static_cast<int>(means.cols());
    std::vector<std::int32_t> labels = uniformLabels(count, classes, rng);
    Eigen::MatrixXd z = noise * normalMatrix(static_cast<int>(means.rows()), count, rng);
    for (int i = 0; i < count; ++i)
        z.col(i) += means.col(labels[i]);
    return classification(std::move(z), std::move(labels), classes);
}

// The one-hidden-layer teacher t(z) = A (relu(B z) - beta) of synthetic_data.h.
struct Teacher {
    Eigen::MatrixXd B;    // [H, m]
    Eigen::VectorXd beta; // [H]
    Eigen::MatrixXd A;    // [K, H]

    Teacher(int dim, int classes, Rng& rng) {
        const int hidden = std::max(2 * classes, 16);
        B = normalMatrix(hidden, dim, rng, 1.0 / std::sqrt(double(dim)));
        beta = B.rowwise().norm() / std::sqrt(2.0 * std::numbers::pi);
        A = normalMatrix(classes, hidden, rng);
        A.rowwise().normalize();
    }

    std::vector<std::int32_t> labels(const Eigen::MatrixXd& z) const {
        const Eigen::MatrixXd logits = A * ((B * z).cwiseMax(0.0).colwise() - beta);
        std::vector<std::int32_t> y(z.cols());
        for (Eigen::Index i = 0; i < z.cols(); ++i)
            logits.col(i).maxCoeff(&y[i]);
        return y;
    }
};

// One full turn per arm (synthetic_data.h, spirals).
Dataset spiralSamples(int count, int arms, double noise, Rng& rng) {
    const double scale = std::sqrt(6.0);
    const double sigma = 0.1 * scale * noise / arms;
    std::vector<std::int32_t> labels = uniformLabels(count, arms, rng);
    Eigen::MatrixXd z(2, count);
    for (int i = 0; i < count; ++i) {
        const double t = uniform(rng, 0.0, 1.0);
        const double angle = 2.0 * std::numbers::pi * (double(labels[i]) / arms + t);
        z(0, i) = scale * t * std::cos(angle) + sigma * standardNormal(rng);
        z(1, i) = scale * t * std::sin(angle) + sigma * standardNormal(rng);
    }
    return classification(std::move(z), std::move(labels), arms);
}

// y = W* z + noise * e (synthetic_data.h, linearRegression).
Dataset regressionSamples(const Eigen::MatrixXd& W, int count, double noise, Rng& rng) {
    const Eigen::MatrixXd z = normalMatrix(static_cast<int>(W.cols()), count, rng);
    Eigen::MatrixXd y = W * z;
    if (noise > 0)
        y += noise * normalMatrix(static_cast<int>(W.rows()), count, rng);
    Dataset set;
    set.x = z.cast<float>();
    set.targets = y.cast<float>();
    set.classes = static_cast<int>(W.rows());
    return set;
}

} // namespace

DataSplit gaussianMixture(const SyntheticSpec& spec) {
    checkSpec(spec);
    Rng model = makeRng(spec.seed, RngStream::Teacher);
    const double meanStd = kMixtureSeparation / std::sqrt(2.0 * spec.dim);
    const Eigen::MatrixXd means = normalMatrix(spec.dim, spec.classes, model, meanStd);
    Rng rng = makeRng(spec.seed, RngStream::Data);
    DataSplit split;
    split.train = mixtureSamples(means, spec.trainSize, spec.noise, rng);
    split.test = mixtureSamples(means, spec.testSize, spec.noise, rng);
    return split;
}

DataSplit teacherNetwork(const SyntheticSpec& spec) {
    checkSpec(spec);
    Rng model = makeRng(spec.seed, RngStream::Teacher);
    const Teacher teacher(spec.dim, spec.classes, model);
    Rng rng = makeRng(spec.seed, RngStream::Data);
    DataSplit split;
    for (auto [set, count] :
         {std::pair{&split.train, spec.trainSize}, std::pair{&split.test, spec.testSize}}) {
        Eigen::MatrixXd z = normalMatrix(spec.dim, count, rng);
        std::vector<std::int32_t> labels = teacher.labels(z);
        *set = classification(std::move(z), std::move(labels), spec.classes);
    }
    return split;
}

DataSplit spirals(const SyntheticSpec& spec) {
    checkSpec(spec);
    assert(spec.dim == 2);
    Rng rng = makeRng(spec.seed, RngStream::Data);
    DataSplit split;
    split.train = spiralSamples(spec.trainSize, spec.classes, spec.noise, rng);
    split.test = spiralSamples(spec.testSize, spec.classes, spec.noise, rng);
    return split;
}

DataSplit linearRegression(const SyntheticSpec& spec) {
    checkSpec(spec);
    Rng model = makeRng(spec.seed, RngStream::Teacher);
    const Eigen::MatrixXd W = normalMatrix(spec.classes, spec.dim, model).rowwise().normalized();
    Rng rng = makeRng(spec.seed, RngStream::Data);
    DataSplit split;
    split.train = regressionSamples(W, spec.trainSize, spec.noise, rng);
    split.test = regressionSamples(W, spec.testSize, spec.noise, rng);
    return split;
}

// Haar-distributed Q: the QR factor of a Gaussian matrix with the signs of diag(R) made positive
// (Mezzadri 2007, "How to generate random matrices from the classical compact groups", eq. 5.1).
Eigen::MatrixXf randomSubspaceBasis(int dim, int rank, std::uint64_t seed) {
    assert(rank >= 1 && rank <= dim);
    Rng rng = makeRng(seed, RngStream::Subspace);
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(normalMatrix(dim, rank, rng));
    Eigen::MatrixXd Q = qr.householderQ() * Eigen::MatrixXd::Identity(dim, rank);
    for (int j = 0; j < rank; ++j)
        if (qr.matrixQR()(j, j) < 0)
            Q.col(j) = -Q.col(j);
    return Q.cast<float>();
}

void embedInSubspace(DataSplit& split, const Eigen::MatrixXf& Q) {
    for (Dataset* set : {&split.train, &split.test}) {
        assert(set->x.rows() == Q.cols());
        set->x = Q * set->x;
    }
}

} // namespace rankscope
