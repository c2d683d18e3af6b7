// Fuzzes the IDX reader (core/data/idx_reader.h) on one file's bytes, raw or gzipped: the same
// bytes go to the image and to the label parser. Beyond "no crash, hang or sanitizer report" it
// checks that an accepted file holds exactly what its header promises and that every error names
// the file.
#include "data/idx_reader.h"
#include "fuzz_check.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace rankscope;
using namespace rankscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = "fuzz-input";

    const Result<IdxImages> images = parseIdxImages(bytes, source);
    if (images)
        fuzzCheck(images->rows > 0 && images->cols > 0 && images->count >= 0 &&
                      images->pixels.size() == qint64(images->count) * images->rows * images->cols,
                  "accepted images hold count * rows * cols pixels");
    else
        checkNamesSource(images.error(), source);

    const Result<std::vector<std::int32_t>> labels = parseIdxLabels(bytes, source);
    if (labels)
        fuzzCheck(
            std::all_of(labels->begin(), labels->end(), [](int y) { return y >= 0 && y < kIdxClasses; }),
            "accepted labels are 0..9");
    else
        checkNamesSource(labels.error(), source);
    return 0;
}
