#include "device.h"

#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <algorithm>
#include <cctype>
#include <thread>

#ifdef NEURAL_STYLE_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

#include "cpu_block_cache.h"
#include "neural_style/errors.h"
#include "neural_style/stylizer.h"

namespace neural_style {
namespace {

// Why CUDA cannot run, as a clause ("this LibTorch is CPU-only ..."); empty
// when it can.
std::string gpu_unavailable_clause() {
  if (!libtorch_has_cuda()) return "this LibTorch is CPU-only (built without CUDA)";
  if (torch::cuda::is_available()) return {};
  std::string detail = "none is installed, or its driver is missing or too old";
#ifdef NEURAL_STYLE_WITH_CUDA
  try {
    c10::cuda::device_count_ensure_non_zero();
  } catch (const c10::Error& e) {
    // CUDA's own words ("no CUDA-capable device is detected", ...): the first line.
    const std::string said = e.msg().substr(0, e.msg().find('\n'));
    if (!said.empty()) detail = said;
  }
#endif
  return "LibTorch found no usable NVIDIA GPU (" + detail + ")";
}

}  // namespace

bool libtorch_has_cuda() {
  // LibTorch's CUDA library registers this when it is loaded.
  return c10::impl::hasDeviceGuardImpl(c10::DeviceType::CUDA);
}

std::string gpu_unavailable_reason() {
  std::string clause = gpu_unavailable_clause();
  if (clause.empty()) return clause;
  clause[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(clause[0])));
  return clause + ".";
}

torch::Device select_device(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::cpu: return torch::kCPU;
    case DeviceKind::cuda: {
      const std::string unavailable = gpu_unavailable_clause();
      if (!unavailable.empty()) {
        throw DeviceUnavailable("The \"cuda\" device (the GPU) was requested, but " + unavailable +
                                    ": only the \"cpu\" device can run here.",
                                libtorch_has_cuda());
      }
      return torch::Device(torch::kCUDA, 0);
    }
    case DeviceKind::automatic: break;
  }
  return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

int cpu_thread_count(int threads) {
  // Never more than the hardware has: oversubscribed intra-op threads spin
  // against each other (--threads 1000 ran 40x slower).
  const int hardware = static_cast<int>(std::thread::hardware_concurrency());
  const int n = threads > 0 && (hardware < 1 || threads < hardware) ? threads : hardware;
  return n < 1 ? 1 : n;
}

void configure_cpu_threads(int threads) {
  const int n = cpu_thread_count(threads);
  if (torch::get_num_threads() != n) torch::set_num_threads(n);
}

void release_cached_memory(const torch::Device& device) {
#ifdef NEURAL_STYLE_WITH_CUDA
  if (device.is_cuda()) c10::cuda::CUDACachingAllocator::emptyCache();
#endif
  if (device.is_cpu()) release_cpu_block_cache();
}

int automatic_memory_budget_mb(const torch::Device& device) {
#ifdef NEURAL_STYLE_WITH_CUDA
  if (device.is_cuda()) {
    release_cached_memory(device);
    std::size_t free = 0, total = 0;
    if (cudaMemGetInfo(&free, &total) == cudaSuccess) {
      return std::max(256, static_cast<int>(static_cast<double>(free) * 0.9 / (1 << 20)));
    }
  }
#else
  (void)device;
#endif
  return default_cpu_memory_budget_mb;
}

void configure_cuda_math(bool allow_tf32, bool cudnn_benchmark) {
  auto& context = at::globalContext();
  context.setAllowTF32CuDNN(allow_tf32);
  context.setAllowTF32CuBLAS(allow_tf32);
  context.setBenchmarkCuDNN(cudnn_benchmark);
}

torch::Dtype dtype_of(Precision precision, const torch::Device& device) {
  switch (precision) {
    case Precision::float32: return torch::kFloat32;
    case Precision::bfloat16: return torch::kBFloat16;
    case Precision::float64: return torch::kFloat64;
    case Precision::float16:
      if (!device.is_cuda()) {
        throw InvalidArgument(
            "float16 arithmetic needs the GPU: LibTorch's CPU convolutions do not implement it. Use float32 or "
            "bfloat16 on the CPU.");
      }
      return torch::kFloat16;
  }
  return torch::kFloat32;
}

const char* to_string(Precision precision) {
  switch (precision) {
    case Precision::float32: return "float32";
    case Precision::bfloat16: return "bfloat16";
    case Precision::float16: return "float16";
    case Precision::float64: return "float64";
  }
  return "?";
}

namespace {

std::string describe_device_with_threads(const torch::Device& device, int n) {
  if (device.is_cuda()) {
    std::string name;
#ifdef NEURAL_STYLE_WITH_CUDA
    name = at::cuda::getDeviceProperties(device.index())->name + std::string(" ");
#endif
    return "GPU: " + name + "(CUDA device " + std::to_string(device.index()) + " of " +
           std::to_string(torch::cuda::device_count()) + ")";
  }
  return "CPU, " + std::to_string(n) + (n == 1 ? " thread" : " threads");
}

}  // namespace

std::string describe_device(const torch::Device& device) {
  return describe_device_with_threads(device, torch::get_num_threads());
}

std::string describe_device(const torch::Device& device, int threads) {
  return describe_device_with_threads(device, cpu_thread_count(threads));
}

}  // namespace neural_style
