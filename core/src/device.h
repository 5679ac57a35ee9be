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

// Keeps freed tensor memory in the process: glibc otherwise returns every
// block over 32 MB to the kernel on free and takes it back, zeroed page by
// page, on the next iteration (hundreds of thousands of page faults per
// iteration at 512 px; docs/benchmarks.md). Process-wide, and no-op outside
// glibc.
void keep_freed_memory();

// TF32 and cuDNN's autotuner; global to the process, as in PyTorch.
void configure_cuda_math(bool allow_tf32, bool cudnn_benchmark);

// The convolutions' arithmetic type. Throws InvalidArgument for float16 on
// the CPU, which LibTorch's CPU convolutions do not implement.
torch::Dtype dtype_of(Precision precision, const torch::Device& device);

const char* to_string(Precision precision);

}  // namespace neural_style
