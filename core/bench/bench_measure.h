// What the benchmark measures besides the engine's own loop: the device's
// matrix-product rate, peak memory, and the machine it ran on.
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace neural_style::bench {

// GFLOP/s of a large float product, as torch::mm (BLAS or cuBLAS) and as the
// same product written as a 1x1 convolution (oneDNN or cuDNN). The floor
// uses the better of the two: it is what this device's libraries reach.
struct MatmulRate {
  double mm_gflops = 0.0;
  double conv_gflops = 0.0;
  double best() const { return std::max(mm_gflops, conv_gflops); }
};
MatmulRate measure_matmul_rate(const torch::Device& device, torch::Dtype dtype);

// Peak memory since reset(): the host's resident set (VmHWM) on the CPU, the
// CUDA caching allocator's peak of allocated bytes on the GPU.
class PeakMemory {
 public:
  explicit PeakMemory(const torch::Device& device) : device_(device) {}
  void reset();
  double megabytes() const;
  // False when the host peak could not be reset, so it is the process's
  // lifetime peak.
  bool exact() const { return exact_; }

 private:
  torch::Device device_;
  bool exact_ = true;
};

// Minor page faults of this process so far: each one is a page the kernel
// had to map and zero, i.e. memory freed to the system and taken back.
long minor_page_faults();

// The BLAS libraries this process has loaded, by resolved path (Debian's
// libblas.so.3 is a link chosen by update-alternatives: the reference BLAS,
// OpenBLAS, BLIS...), with OpenBLAS's build and kernels where it is one:
// "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 (OpenBLAS 0.3.21
// ..., kernels: Prescott)".
std::string blas_description();

// "Intel(R) Xeon(R) ..., 2 cores, 24 GiB" or the GPU's name and memory.
std::string machine_description(const torch::Device& device);

void synchronize(const torch::Device& device);

double median(std::vector<double> values);

// printf-style formatting of one number.
std::string fmt(const char* format, double value);

}  // namespace neural_style::bench
