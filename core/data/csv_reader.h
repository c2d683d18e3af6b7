// CSV reader behind `data.kind = "csv"`: a numeric table whose last column is the class label.
// Leaves out: quoting and escaping (every field must be a plain number), other separators,
// regression targets, missing values, and any subspace projection (data_factory.h).
//
// Format: comma-separated; every column but the last is a real-valued feature, the last is an
// integer class label 0..k-1 ("3" or "3.0"); k = largest label + 1 over the whole file, at least 2.
// The first non-blank line is a header, and skipped, when any of its fields is not a number.
// Blank lines are skipped; "\r\n" line ends are accepted; fields may carry surrounding spaces.
// Rejected, with a message naming file, line and column: an unreadable or empty file, one column
// (no features), rows whose field count differs from the first row's, non-numbers, NaN or Inf,
// negative, non-integer or over-large labels.
//
// Split (deterministic, no shuffling): the last testSize rows are the test set; the training set
// is the first min(trainSize, rows - testSize) rows; testSize >= rows is an error. Features are
// standardised per column with the training rows' mean and standard deviation (population, std = 0
// -> 1): x_j = (v_j - mean_j) / std_j, the same map for the test rows.
#pragma once

#include "common/result.h"
#include "data/dataset.h"

#include <QByteArray>
#include <QString>

namespace rankscope {

inline constexpr int kMaxCsvClasses = 100000; // labels 0..99999, the limit of data.classes

// The whole table as read, unstandardised: x [columns - 1, rows], labels, classes = max label + 1.
Result<Dataset> readCsvTable(const QString& file);

// The same on a file's contents already in memory (readCsvTable calls it); `file` only names the
// source in messages. The seam the fuzz target (tests/fuzz) drives.
Result<Dataset> parseCsvTable(const QByteArray& content, const QString& file);

// readCsvTable, split and standardised as described above; trainSize >= 1, testSize >= 0.
Result<DataSplit> loadCsv(const QString& file, int trainSize, int testSize);

} // namespace rankscope
