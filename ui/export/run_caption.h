// The caption of an exported figure: the settings that made it, so a slide says which batch size,
// learning rate and weight decay it shows. "B = 8 · lr = 0.1 · wd = 0.01 · momentum = 0 ·
// data: gaussian_mixture 4096 × 64 · model: mlp 128-128-128-128 · step 20000"; runs compared side by
// side list each run's live settings after its label.
#pragma once

#include "common/run_config.h"
#include "run_view.h"

#include <QString>

namespace rankscope {

// The live settings come from each run's newest snapshot (what was in effect when it was taken);
// data and model from `config`, which every run shares.
QString runCaption(const RunConfig& config, const RunViews& runs);

} // namespace rankscope
