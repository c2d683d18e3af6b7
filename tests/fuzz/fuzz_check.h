// fuzzCheck: a property a fuzz target asserts about a reader's result. A violation prints the
// property and aborts, which libFuzzer reports as a crash and saves the input that caused it.
#pragma once

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

} // namespace rankscope::fuzz
