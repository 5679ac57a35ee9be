// Picks the torch device and sets up CPU threading.
#pragma once

#include <torch/types.h>

#include <string>

#include "neural_style/options.h"

namespace neural_style {

// Throws DeviceUnavailable when CUDA is requested but unusable.
torch::Device select_device(DeviceKind kind);

// The intra-op threads for a `threads` setting: all the hardware has for 0,
// and never more than that.
int cpu_thread_count(int threads);

// LibTorch defaults to one intra-op thread on some machines: sets
// cpu_thread_count(threads). Process-wide.
void configure_cpu_threads(int threads);

// "GPU: NVIDIA H200 (CUDA device 0 of 1)", or "CPU, N threads" with N the threads the
// process runs with now.
std::string describe_device(const torch::Device& device);
// The same for a device and a thread setting not (yet) applied.
std::string describe_device(const torch::Device& device, int threads);

// Hands what LibTorch's caching allocator holds on `device` back to the
// device (a GPU's memory after a failed allocation), or what the CPU block
// cache holds to the system (cpu_block_cache.h).
void release_cached_memory(const torch::Device& device);

// The memory budget in MB a job on a GPU gets for Options::memory_budget_mb
// 0 (automatic): 90 % of what is free after the caching allocator has given
// back what it holds (default_cpu_memory_budget_mb where that cannot be
// read). The CPU's depends on the job: automatic_cpu_budget_mb().
int automatic_memory_budget_mb(const torch::Device& device);

// TF32 and cuDNN's autotuner; global to the process, as in PyTorch.
void configure_cuda_math(bool allow_tf32, bool cudnn_benchmark);

// The convolutions' arithmetic type. Throws InvalidArgument for float16 on
// the CPU, which LibTorch's CPU convolutions do not implement.
torch::Dtype dtype_of(Precision precision, const torch::Device& device);

const char* to_string(Precision precision);

}  // namespace neural_style
