// Fuzzes preset parsing (presetFromJson in core/io/preset_io.h) on one file's bytes. Beyond "no
// crash, hang or sanitizer report" it checks that an accepted preset is valid, that it survives
// presetToJson -> presetFromJson unchanged, and that every error names the file.
#include "fuzz_check.h"
#include "io/preset_io.h"
#include "preset_round_trip.h"

#include <cstddef>
#include <cstdint>

using namespace rankscope;
using namespace rankscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = "fuzz.json";
    QStringList warnings;
    const Result<RunConfig> config = presetFromJson(json, source, &warnings);
    for (const QString& warning : warnings)
        checkNamesSource(warning, source);
    if (!config) {
        checkNamesSource(config.error(), source);
        return 0;
    }
    fuzzCheck(config->validate().isEmpty(), "an accepted preset is valid", config->validate());
    checkPresetRoundTrip(config.value());
    return 0;
}
