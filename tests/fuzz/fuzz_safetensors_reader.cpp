// Fuzzes the safetensors reader (core/io/safetensors_reader.h) on one file's bytes, asking for
// every tensor. Beyond "no crash, hang or sanitizer report" it checks that an accepted tensor holds
// exactly the values its shape promises and that every error names the source.
#include "fuzz_check.h"
#include "io/safetensors_reader.h"

#include <cstddef>
#include <cstdint>

using namespace rankscope;
using namespace rankscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    checkTensors(parseSafetensors(reinterpret_cast<const char*>(data), qint64(size), "fuzz-input",
                                  [](auto&&...) { return true; }),
                 "fuzz-input");
    return 0;
}
