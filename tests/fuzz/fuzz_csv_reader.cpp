// Fuzzes the CSV reader (core/data/csv_reader.h) on one file's contents. Beyond "no crash, hang or
// sanitizer report" it checks the shape and values of an accepted table (one label per row, labels
// 0..classes-1, at least one feature, finite features) and that every error names the file.
#include "data/csv_reader.h"
#include "fuzz_check.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace rankscope;
using namespace rankscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray content(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = "fuzz.csv";
    const Result<Dataset> table = parseCsvTable(content, source);
    if (!table) {
        checkNamesSource(table.error(), source);
        return 0;
    }
    const Dataset& set = table.value();
    fuzzCheck(set.x.rows() >= 1 && set.x.cols() >= 1 && set.x.cols() == qsizetype(set.labels.size()),
              "an accepted table has features and one label per row");
    fuzzCheck(set.classes >= 2 && set.classes <= kMaxCsvClasses &&
                  std::all_of(set.labels.begin(), set.labels.end(),
                              [&](int y) { return y >= 0 && y < set.classes; }),
              "accepted labels are 0..classes-1");
    fuzzCheck(set.x.allFinite(), "accepted features are finite");
    return 0;
}
