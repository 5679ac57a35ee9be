// Writes VGG19-shaped weights files with seeded random values, in the same
// formats and with the same names as the real ones, for tests.
#pragma once

#include <torch/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "generated_weights.h"
#include "test_files.h"

namespace neural_style::test_support {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// features.N.weight/bias for VGG19's 16 convolutions (He-scaled so the
// features neither vanish nor explode), plus a small classifier.N that
// loaders must ignore. Values are chosen so that float16 and bfloat16 files
// hold exactly the same numbers as float32 ones.
NamedTensors make_vgg19_tensors(std::uint64_t seed, bool with_classifier = true);

enum class SafetensorsDtype { f32, f16, bf16 };
void write_safetensors(const std::string& path, const NamedTensors& tensors, SafetensorsDtype dtype,
                       const std::map<std::string, std::string>& metadata = {});

// torch.save's zip layout (archive/data.pkl, archive/data/N, archive/version);
// zip64 = the 64-bit records PyTorch's writer emits.
void write_torch_zip(const std::string& path, const NamedTensors& tensors, bool zip64 = false);

// torch.save's legacy layout (PyTorch < 1.6, the official VGG19 files).
void write_torch_legacy(const std::string& path, const NamedTensors& tensors);

// The pickle of an OrderedDict state dict exactly as Python writes it, with
// storage keys "0", "1", ... (or `key_prefix` + index); legacy files also
// carry a view_metadata entry in each storage id.
std::string state_dict_pickle(const NamedTensors& tensors, const std::string& key_prefix = "", bool legacy = false);

}  // namespace neural_style::test_support
