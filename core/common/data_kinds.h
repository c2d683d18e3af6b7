// The kinds of data.kind, described once: what each needs and which settings it uses. Validation
// (RunConfig::validate()), building the data (data/data_factory.h) and the run settings form ask this
// table instead of comparing kind names.
// Leaves out: the generators and readers themselves (data/).
#pragma once

#include <QString>
#include <span>

namespace rankscope {

struct DataKind {
    const char* name;  // data.kind's value
    const char* title; // for the run settings form
    bool fromFile;     // data.path names the data; its dimensions and classes come from the file
    bool regression;   // real-valued targets: loss = mse, data.classes counts outputs
    bool usesNoise;    // data.noise changes the data
    int inputDim;      // the only input dimension the kind makes (0: any)
    const char* path;  // fromFile: what data.path names, e.g. "folder of IDX files"
    bool pathIsFolder; // fromFile: data.path is a folder, not a file
};

// data.classes of a generated data set: at most this many (the form's spin box stops there too).
constexpr int kMaxClasses = 100'000;

// Every kind, in the order the form lists them; the first is the default.
std::span<const DataKind> dataKinds();
const DataKind* findDataKind(const QString& name); // nullptr for an unknown kind

} // namespace rankscope
