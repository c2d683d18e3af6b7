// fuzzCheck: a property a fuzz target asserts about a reader's result. A violation prints the
// property and aborts, which libFuzzer reports as a crash and saves the input that caused it.
#pragma once

#include "io/tensor.h"

#include <QString>
#include <cstdio>
#include <cstdlib>

namespace rankscope::fuzz {

inline void fuzzCheck(bool holds, const char* property, const QString& detail = {}) {
    if (holds)
        return;
    std::fprintf(stderr, "fuzz property violated: %s %s\n", property, qPrintable(detail));
    std::abort();
}

// Every failure of an input boundary names its source first (STYLE.md #9).
inline void checkNamesSource(const QString& error, const QString& source) {
    fuzzCheck(error.startsWith(source), "the error message names its source", error);
}

// A model-file reader's result: an error that names its source, or tensors that each hold exactly
// the values their shape promises.
inline void checkTensors(const Result<std::vector<Tensor>>& tensors, const QString& source) {
    if (!tensors) {
        checkNamesSource(tensors.error(), source);
        return;
    }
    for (const Tensor& tensor : tensors.value())
        fuzzCheck(elementCount(tensor.shape, qint64(tensor.values.size())) == qint64(tensor.values.size()),
                  "an accepted tensor holds product(shape) values", tensor.name);
}

} // namespace rankscope::fuzz
