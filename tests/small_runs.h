// Small Gaussian-mixture runs shared by the tests that need a real trainer or session but not a real
// experiment: tinyRun() trains thousands of steps a second (trainer-level tests), smallRun() is large
// enough for a session's snapshots to show every plot (session and GUI tests).
#pragma once

#include "common/run_config.h"
#include "data/data_factory.h"
#include "nn/trainer.h"

#include <memory>
#include <vector>

inline rankscope::RunConfig tinyRun() {
    rankscope::RunConfig config;
    config.data.train_size = 256;
    config.data.test_size = 16;
    config.data.input_dim = 8;
    config.data.classes = 3;
    config.model.hidden = {16, 16};
    config.train.batch_size = 8;
    return config;
}

inline rankscope::RunConfig smallRun() {
    rankscope::RunConfig config;
    config.data.train_size = 512;
    config.data.test_size = 128;
    config.data.input_dim = 16;
    config.data.classes = 4;
    config.model.hidden = {32, 32};
    config.train.batch_size = 16;
    return config;
}

// `base` as a CNN on synthetic images of shape imageShape = [C, H, W].
inline rankscope::RunConfig asCnn(rankscope::RunConfig base, std::vector<int> imageShape,
                                  std::vector<rankscope::ConvBlockSpec> conv, std::vector<int> hidden) {
    base.data.kind = rankscope::DataKind::Images;
    base.data.image_shape = std::move(imageShape);
    base.model.kind = rankscope::ModelKind::Cnn;
    base.model.conv = std::move(conv);
    base.model.hidden = std::move(hidden);
    return base;
}

// A trainer on `config`'s data (which must build: a test configuration).
inline rankscope::Trainer trainerFor(const rankscope::RunConfig& config) {
    return rankscope::Trainer(
        config, std::make_shared<const rankscope::DataSplit>(rankscope::makeDataSplit(config).value()));
}
