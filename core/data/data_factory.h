// makeDataSplit: the one entry point from a RunConfig to the training and test sets. It dispatches
// on data.kind (synthetic_data.h, idx_reader.h, csv_reader.h), checks what RunConfig::validate()
// cannot know without the data, and applies data.subspace_dim. Leaves out: batching and shuffling
// (nn/batch_sampler.h) and writing the data out (io/npy_writer.h).
//
// Subspace (data.subspace_dim = r > 0), one Q [d, r] with orthonormal columns from
// RngStream::Subspace (randomSubspaceBasis), shared by train and test:
//   synthetic kinds  generated in r dimensions and embedded, x = Q z (synthetic_data.h);
//   idx, csv         projected after standardisation, x <- Q Q^T x; r must not exceed the file's d.
// Either way the training inputs span at most r dimensions.
//
// Data sizes: synthetic kinds make exactly data.train_size / data.test_size samples; idx and csv
// take the first data.train_size samples and data.test_size test samples (csv: the last rows),
// capped at what the files hold. data.test_size = 0 gives an empty test set (x [d, 0]).
// Classes: synthetic kinds use data.classes (outputs k for linear_regression); idx has 10 classes
// and csv largest label + 1, whatever data.classes says. Dataset::classes carries the value used.
// A file whose training labels are all one class is refused (nothing to classify), as is a file
// whose input dimension makes the model exceed RunConfig::checkSize()'s budget.
#pragma once

#include "common/result.h"
#include "common/run_config.h"
#include "data/dataset.h"

namespace rankscope {

// Fails with one line naming the key or file and the problem.
Result<DataSplit> makeDataSplit(const RunConfig& config);

} // namespace rankscope
