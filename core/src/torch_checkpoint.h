// Reads tensors from .pth files written by torch.save: the zip layout
// (PyTorch >= 1.6) and the older "legacy" layout of a sequence of pickles
// followed by raw storages (torchvision's and neural-style-pt's VGG files).
#pragma once

#include <functional>
#include <string>

#include "mapped_file.h"
#include "raw_tensor.h"

namespace neural_style {

// Only tensors whose name satisfies `wanted` are located (and CRC-checked),
// so a classifier of hundreds of MB is never touched.
RawTensorMap read_torch_checkpoint(const MappedFile& file, const std::function<bool(const std::string&)>& wanted);

}  // namespace neural_style
