// The preset library: built-in presets compiled into rankscope_core as Qt resources
// (":/presets/<name>.json", from resources/presets/) and resolution of the command line's
// `--preset NAME|FILE.json`. A built-in name wins over a file of the same name in the working
// directory (write ./NAME to mean the file).
// Leaves out: parsing and type checking (preset_io.h) and the GUI's preset menu.
#pragma once

#include "common/result.h"
#include "common/run_config.h"

#include <QString>
#include <QStringList>

namespace rankscope {

// Names of the built-in presets, "default" first, the rest sorted.
QStringList builtinPresetNames();

// A built-in preset by name, else a preset file by path. An unknown name that is not a file
// fails with a message listing the built-ins. Unknown keys go to *warnings (when given).
Result<RunConfig> resolvePreset(const QString& nameOrFile, QStringList* warnings = nullptr);

// The built-in "default" preset (a broken built-in is a build bug: asserts, then falls back to
// RunConfig's in-class defaults).
RunConfig defaultPreset();

} // namespace rankscope
