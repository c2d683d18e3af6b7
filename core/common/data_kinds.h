// The kinds of data.kind, described once: each kind's name and what it needs and which settings it
// uses. Reading and writing (common/named_choices.h), validation (RunConfig::validate()), building
// the data (data/data_factory.h) and the run settings form ask this table.
// Leaves out: the generators and readers themselves (data/).
#pragma once

#include "common/named_choices.h"

#include <span>

namespace rankscope {

enum class DataKind { GaussianMixture, Teacher, Spirals, LinearRegression, Images, Idx, Csv };

struct DataKindInfo {
    DataKind value;
    const char* name;  // data.kind's value
    const char* title; // for the run settings form
    bool fromFile;     // data.path names the data; its dimensions and classes come from the file
    bool regression;   // real-valued targets: loss = mse, data.classes counts outputs
    bool usesNoise;    // data.noise changes the data
    int inputDim;      // the only input dimension the kind makes (0: any)
    const char* path;  // fromFile: what data.path names, e.g. "folder of IDX files"
    bool pathIsFolder; // fromFile: data.path is a folder, not a file
    bool images;       // generates images of data.image_shape (data.input_dim is not used)
};

// data.classes of a generated data set: at most this many (the form's spin box stops there too).
constexpr int kMaxClasses = 100'000;

// Every kind, in the order the form lists them; the first is the default.
std::span<const DataKindInfo> dataKinds();
const DataKindInfo& dataKindInfo(DataKind kind);
ChoiceTable<DataKindInfo> choiceTable(DataKind);

} // namespace rankscope
