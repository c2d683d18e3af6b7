// checkPresetRoundTrip: a valid configuration written as a preset reads back as the same
// configuration (the promise of presetToJson in core/io/preset_io.h). Shared by the preset JSON
// and the --set fuzz targets, which reach valid configurations by different roads.
#pragma once

#include "fuzz_check.h"
#include "io/preset_io.h"

namespace rankscope::fuzz {

inline void checkPresetRoundTrip(const RunConfig& config) {
    const QByteArray written = presetToJson(config);
    const Result<RunConfig> reread = presetFromJson(written, "round-trip");
    fuzzCheck(reread.ok(), "a valid configuration's preset reads back", reread.error());
    fuzzCheck(reread.value() == config, "a preset reads back as the configuration written",
              QString::fromUtf8(written));
}

} // namespace rankscope::fuzz
