// Dataset: inputs and labels exactly as the network sees them (after any normalisation).
//
// Layout: x is [d, N] column-major, so sample i is the contiguous column x.col(i); its memory is
// identical to a row-major [N, d] array, which is what data/train_x.npy stores.
// Classification: labels[i] in [0, classes); targets is empty.
// Regression:     targets is [k, N]; labels is empty; classes == k (the number of outputs).
// Images: each column is one image flattened in C-H-W order (PyTorch's flatten of [N, C, H, W]),
// `image` its shape; plain vectors leave `image` empty.
#pragma once

#include "common/conv_spec.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace rankscope {

struct Dataset {
    Eigen::MatrixXf x;                // [d, N]
    std::vector<std::int32_t> labels; // [N] for classification
    Eigen::MatrixXf targets;          // [k, N] for regression
    int classes = 0;                  // classes, or outputs k for regression
    ImageShape image;                 // the shape of a sample if it is an image, else empty

    int size() const { return static_cast<int>(x.cols()); }
    int inputDim() const { return static_cast<int>(x.rows()); }
    bool isRegression() const { return targets.rows() > 0; }
    int outputDim() const { return classes; }
};

struct DataSplit {
    Dataset train;
    Dataset test;
};

} // namespace rankscope
