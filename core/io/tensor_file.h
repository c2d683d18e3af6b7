// readTensorFile: the tensors of one model file, whatever format it is in, chosen by its suffix:
// .npz (npz_reader.h) or .safetensors (safetensors_reader.h). PyTorch pickles (.pt, .pth, .bin,
// .ckpt, .pkl, or any file that starts like a pickle) are refused unread, because loading a pickle
// runs arbitrary code; the message shows the conversion (tensor.h pickleRefusal).
#pragma once

#include "common/result.h"
#include "io/tensor.h"

#include <QString>
#include <vector>

namespace rankscope {

// True for the suffixes readTensorFile reads (.npz, .safetensors).
bool isTensorFile(const QString& path);

Result<std::vector<Tensor>> readTensorFile(const QString& path, const TensorWanted& wanted);

} // namespace rankscope
