// The dotted keys of a RunConfig (DESIGN.md's preset schema) in one table: each key and its member,
// in schema order; the train.* keys come from the live settings' table (train_settings.h). Preset
// JSON (io/preset_io.h) reads and writes through it, and --set and comparison variants apply text
// through it, so they cannot disagree about a key or its type.
// Values as text: lists (of integers or names) are comma-separated (optionally in brackets; empty = []),
// booleans true/false/1/0, the seed a string of digits (a uint64), kinds by name (common/named_choices.h),
// model.conv as blocks channels:kernel:stride:padding:pool (common/conv_spec.h).
// Leaves out: JSON (io/preset_io.h) and checking values (RunConfig::validate()).
#pragma once

#include "common/result.h"
#include "common/run_config.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <optional>
#include <variant>
#include <vector>

namespace rankscope {

using FieldRef =
    std::variant<QString*, int*, double*, bool*, std::uint64_t*, std::vector<int>*, QStringList*, DataKind*,
                 ModelKind*, LossKind*, RankNorm*, TimeAxis*, std::vector<ConvBlockSpec>*>;

struct ConfigField {
    QString key; // dotted path: "seed", "train.batch_size"
    std::function<FieldRef(RunConfig&)> ref;
};

// Every key of the schema, in schema order.
const std::vector<ConfigField>& configFields();
const ConfigField* findConfigField(const QString& key); // nullptr for an unknown key

// Every dotted key of the schema, in schema order (for --help and error messages).
QStringList presetKeys();

// The one line that refuses a value for `key`: `key = "name": ` and the refusal for an unknown name
// (data.kind = "imagenet": unknown kind ...), else `key: ` and the type error (no name: not text).
QString fieldError(const QString& key, const FieldRef& ref, const std::optional<QString>& name,
                   const QString& problem);

// The seed from a string of digits; an empty message on success, else "expected a seed ..., got "
// followed by `shown`.
QString seedFromDigits(const QString& digits, const QString& shown, std::uint64_t& out);

// Sets one value from its text, e.g. ("model.hidden", "128,128"), ("train.full_batch", "true").
// Does not validate: apply every override, then call RunConfig::validate() once.
Status applyOverride(RunConfig& config, const QString& dottedKey, const QString& value);

// Splits a command-line argument "KEY=VALUE" at the first '=' and applies it.
Status applyOverride(RunConfig& config, const QString& assignment);

} // namespace rankscope
