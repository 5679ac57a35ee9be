// Picks the torch device and sets up CPU threading.
#pragma once

#include <torch/torch.h>

#include <string>

#include "neural_style/options.h"

namespace neural_style {

// Throws InvalidArgument when CUDA is requested but unusable.
torch::Device select_device(DeviceKind kind);

// LibTorch defaults to one intra-op thread on some machines: use them all
// (or `threads` when > 0).
void configure_cpu_threads(int threads);

std::string describe_device(const torch::Device& device);

}  // namespace neural_style
