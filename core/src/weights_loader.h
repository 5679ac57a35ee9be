// Loads VGG19's convolution weights from any supported file and decides
// which input convention they expect.
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "neural_style/options.h"

namespace neural_style {

struct Vgg19Weights {
  std::vector<torch::Tensor> weights;  // 16 x [out, in, 3, 3], float32, CPU
  std::vector<torch::Tensor> biases;   // 16 x [out]
  InputConvention convention = InputConvention::torchvision;
  std::string path;
};

// Reads torch.save .pth (zip or legacy) and .safetensors (F32/F16/BF16).
// The convention is `requested` unless automatic; then the safetensors
// metadata key "input_convention", then the SHA-256 of the official files.
// Throws WeightsFormatError, WeightsMismatch or InvalidArgument.
Vgg19Weights load_vgg19_weights(const std::string& path, InputConvention requested);

// The convention of a known official file from its SHA-256 (hex), or
// automatic when unknown. PyTorch publishes the first 8 hex digits of the
// SHA-256 in each file's name and checks downloads against them; so do we.
InputConvention convention_from_sha256(const std::string& sha256_hex);

}  // namespace neural_style
