// Preset files: RunConfig <-> JSON following DESIGN.md's preset schema. The command line's
// `--set KEY=VALUE` overrides (e.g. train.batch_size=8, model.hidden=128,128) are applyOverride() in
// common/config_fields.h, included here for the callers that read presets and apply overrides.
//
// Reading is forgiving where the future may add things and strict where a value would be guessed:
// every key is optional (RunConfig's in-class defaults apply), an unknown key in a file is a
// warning (it may come from a newer RankScope), an unknown --set key is an error (a typo must not
// silently do nothing), and a value of the wrong type is an error naming the source, the dotted key
// and the bad value, e.g. `preset.json: train.batch_size: expected an integer, got "eight"`.
// Integers must be integral and in int range. The seed is a uint64: a JSON number up to 2^53 or a
// string of digits (presetToJson writes larger seeds as strings so they round-trip).
// Leaves out: finding built-in presets (preset_library.h) and the command-line parser itself.
#pragma once

#include "common/config_fields.h"
#include "common/result.h"
#include "common/run_config.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace rankscope {

// Parses a preset and validates it (RunConfig::validate(), its message prefixed by sourceName).
// sourceName prefixes every message (a file path, or e.g. `built-in preset "default"`).
// Unknown keys are appended to *warnings (when given) and otherwise ignored.
Result<RunConfig> presetFromJson(const QByteArray& json, const QString& sourceName,
                                 QStringList* warnings = nullptr);

// Every key in schema order, indented; doubles in the shortest form that reads back exactly
// (whole ones as "1.0"); presetFromJson(presetToJson(c)) == c for every valid c.
QByteArray presetToJson(const RunConfig& config);

// Reads and parses `path`; messages name the path as given.
Result<RunConfig> loadPresetFile(const QString& path, QStringList* warnings = nullptr);

// Writes presetToJson(config) atomically (a temporary file renamed over `path`).
Status savePresetFile(const RunConfig& config, const QString& path);

} // namespace rankscope
