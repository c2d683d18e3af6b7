// IDX reader: MNIST / Fashion-MNIST image and label files (LeCun's IDX format, gzipped or raw) and
// the folder loader behind `data.kind = "idx"`. Leaves out: other IDX element types (only
// unsigned bytes, type code 0x08), tensors other than images [count, rows, cols] and labels
// [count], and any subspace projection (data_factory.h).
//
// File layout (big-endian; https://yann.lecun.com/exdb/mnist/):
//   images: magic 0x00000803, count, rows, cols, then count * rows * cols pixels (0..255)
//   labels: magic 0x00000801, count, then count labels (0..9)
// A file starting with the gzip magic bytes 1f 8b is decompressed with zlib first (concatenated
// gzip members join; anything else after a member is corrupt). Every check (magic, dimension count,
// header vs. size in both directions, an image over 2 GiB, image/label counts, label range) fails
// with a message that names the file and the problem.
//
// Folder: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte, each raw or with ".gz" (the raw one wins when both exist).
// loadIdxFolder keeps the first trainSize / testSize samples of each file (capped at what the file
// holds), scales pixels p to p / 255, then standardises every input with the *training* selection's
// global mean and standard deviation over all its pixels: x = (p / 255 - mean) / std (std = 0 -> 1),
// the same affine map for the test set. classes = 10; x is [rows * cols, N] with each image
// flattened row by row.
#pragma once

#include "common/result.h"
#include "data/dataset.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace rankscope {

struct IdxImages {
    int count = 0;
    int rows = 0;
    int cols = 0;
    QByteArray pixels; // count * rows * cols bytes, image after image, each row by row
};

inline constexpr int kIdxClasses = 10;

// One file, raw or gzipped, with every check above; failures name the file.
Result<IdxImages> readIdxImages(const QString& file);
Result<std::vector<std::int32_t>> readIdxLabels(const QString& file); // labels in 0..9

// The same on a file's bytes already in memory (raw or gzipped; the read functions call these);
// `file` only names the source in messages. The seam the fuzz targets (tests/fuzz) drive.
Result<IdxImages> parseIdxImages(const QByteArray& fileBytes, const QString& file);
Result<std::vector<std::int32_t>> parseIdxLabels(const QByteArray& fileBytes, const QString& file);

// The four files of `folder` as a normalised split; trainSize >= 1, testSize >= 0.
Result<DataSplit> loadIdxFolder(const QString& folder, int trainSize, int testSize);

} // namespace rankscope
