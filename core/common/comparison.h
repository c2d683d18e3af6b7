// Comparison runs: a preset's optional "compare" list turns one configuration into up to four runs
// that train side by side on the same data from the same initial weights (RunVariant, run_config.h).
//
//   "compare": [ {"label": "SGD, B = 8", "set": {"train.full_batch": false}},
//                {"set": {"train.full_batch": true}} ]
//
// Each entry changes train.* or metrics.* keys only (data, model and seed are what the runs share);
// values are --set's text, applied exactly as `--set KEY=VALUE` would (common/config_fields.h).
// A missing label is made from the settings ("GD (full batch)", "B = 4, lr = 0.05").
// Leaves out: the JSON form (io/comparison_json.h), running the runs (session/run_group.h, the
// headless runner) and drawing them (ui/).
#pragma once

#include "common/result.h"
#include "common/run_config.h"

#include <QString>
#include <vector>

namespace rankscope {

struct ComparisonRun {
    QString label;
    RunConfig config; // the base with the variant's settings applied; its compare list is empty
};

// What a comparison may vary (train.* and metrics.* keys): how the runs train and are measured,
// never what they share.
bool isVariableKey(const QString& key);

// The runs of a configuration: one run (labelled by its name) without a compare list, else one per
// variant, each validated. Fails naming the variant and the key.
Result<std::vector<ComparisonRun>> comparisonRuns(const RunConfig& config);

// The comparison with each run's live settings written into its variant (so that saving it keeps
// what was turned during the run): train.* keys that differ from the base are set explicitly,
// metrics.* settings are kept. `trains` holds one TrainConfig per run of comparisonRuns(config).
RunConfig withRunSettings(const RunConfig& config, const std::vector<TrainConfig>& trains);

// "B = 4", "lr = 0.05", "wd = 0", "GD (full batch)", "SGD", ... joined by ", ".
QString variantLabel(const RunVariant& variant);

} // namespace rankscope
