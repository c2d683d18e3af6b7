// Fuzzes the command line's `--set KEY=VALUE` (applyOverride in core/io/preset_io.h, including the
// split at the first '='): every line of the input is one --set argument, applied in order to the
// default configuration. Beyond "no crash, hang or sanitizer report" it checks that every error
// names --set and that a configuration that validates survives presetToJson -> presetFromJson.
#include "fuzz_check.h"
#include "io/preset_io.h"
#include "preset_round_trip.h"

#include <cstddef>
#include <cstdint>

using namespace rankscope;
using namespace rankscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    RunConfig config;
    for (const QString& assignment : text.split('\n')) {
        const Status applied = applyOverride(config, assignment);
        if (!applied) {
            checkNamesSource(applied.error(), "--set ");
            return 0;
        }
    }
    if (config.validate().isEmpty())
        checkPresetRoundTrip(config);
    return 0;
}
