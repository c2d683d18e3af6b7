// Natural order of names: digit runs compare as numbers, so "layer2" < "layer10" and
// "step_9.npz" < "step_10.npz". Used for safetensors tensor names (a JSON object has no order
// worth keeping) and for checkpoint files without a step number.
#pragma once

#include <QString>

namespace rankscope {

bool naturalLess(const QString& a, const QString& b);

} // namespace rankscope
