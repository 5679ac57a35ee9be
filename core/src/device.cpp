#include "device.h"

#include <thread>

#include "neural_style/errors.h"

namespace neural_style {

torch::Device select_device(DeviceKind kind) {
  const bool cuda = torch::cuda::is_available();
  switch (kind) {
    case DeviceKind::cpu: return torch::kCPU;
    case DeviceKind::cuda:
      if (!cuda) {
        throw InvalidArgument(
            "The GPU (CUDA) was requested, but no usable NVIDIA GPU was found or this LibTorch was built without "
            "CUDA. Use device \"auto\" or \"cpu\", or build against a CUDA LibTorch (-Dlibtorch_dir=...).");
      }
      return torch::Device(torch::kCUDA, 0);
    case DeviceKind::automatic: break;
  }
  return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

void configure_cpu_threads(int threads) {
  int n = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  if (n < 1) n = 1;
  if (torch::get_num_threads() != n) torch::set_num_threads(n);
}

std::string describe_device(const torch::Device& device) {
  if (device.is_cuda()) {
    return "GPU: CUDA device " + std::to_string(device.index()) + " (of " +
           std::to_string(torch::cuda::device_count()) + ")";
  }
  const int n = torch::get_num_threads();
  return "CPU, " + std::to_string(n) + (n == 1 ? " thread" : " threads");
}

}  // namespace neural_style
