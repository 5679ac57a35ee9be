#include "bench_measure.h"

#include <dlfcn.h>
#include <link.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#ifdef NEURAL_STYLE_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#endif
#include <torch/cuda.h>

namespace neural_style::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Best rate of `op` (which does `flops` operations) over repeats filling
// about half a second, after one warm-up call.
template <typename Op>
double best_gflops(const torch::Device& device, double flops, Op op) {
  op();
  synchronize(device);
  double best = 0.0;
  const auto start = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - start).count() < 0.5) {
    const auto t0 = Clock::now();
    op();
    synchronize(device);
    best = std::max(best, flops / std::chrono::duration<double>(Clock::now() - t0).count() / 1e9);
  }
  return best;
}

std::string read_first_match(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
  }
  return {};
}

}  // namespace

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

MatmulRate measure_matmul_rate(const torch::Device& device, torch::Dtype dtype) {
  torch::NoGradGuard no_grad;
  const int64_t n = device.is_cuda() ? 8192 : 2048;
  const auto options = torch::TensorOptions().device(device).dtype(dtype);
  const auto a = torch::randn({n, n}, options), b = torch::randn({n, n}, options);
  const double flops = 2.0 * n * n * n;
  MatmulRate rate;
  rate.mm_gflops = best_gflops(device, flops, [&] { return torch::mm(a, b); });
  // The same product as a convolution: n input channels, n "pixels", n filters.
  const auto x = a.t().contiguous().view({1, n, 1, n});
  const auto w = b.view({n, n, 1, 1});
  rate.conv_gflops = best_gflops(device, flops, [&] { return torch::conv2d(x, w); });
  return rate;
}

void PeakMemory::reset() {
  if (device_.is_cuda()) {
#ifdef NEURAL_STYLE_WITH_CUDA
    c10::cuda::CUDACachingAllocator::resetPeakStats(device_.index());
#endif
    return;
  }
  // Writing 5 to clear_refs resets VmHWM (Linux >= 4.0).
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  exact_ = static_cast<bool>(clear);
}

double PeakMemory::megabytes() const {
  if (device_.is_cuda()) {
#ifdef NEURAL_STYLE_WITH_CUDA
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device_.index());
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);  // [0]: all pools
#else
    return 0.0;
#endif
  }
  const std::string hwm = read_first_match("/proc/self/status", "VmHWM");  // "123456 kB"
  if (!hwm.empty()) return std::stod(hwm) / 1024.0;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

long minor_page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

std::string blas_description() {
  std::set<std::string> paths;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        const std::string name = info->dlpi_name ? info->dlpi_name : "";
        std::string base = name.substr(name.rfind('/') + 1);
        for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (const char* kind : {"blas", "mkl", "blis", "atlas"}) {
          if (base.find(kind) == std::string::npos) continue;
          char* real = realpath(name.c_str(), nullptr);
          static_cast<std::set<std::string>*>(data)->insert(real ? real : name);
          std::free(real);
          break;
        }
        return 0;
      },
      &paths);
  if (paths.empty()) return "no BLAS library loaded (LibTorch's own, linked in, if any)";
  std::string text;
  for (const auto& p : paths) text += (text.empty() ? "" : ", ") + p;
  // OpenBLAS says what it is, under any file name.
  using Text = char* (*)();
  const auto config = reinterpret_cast<Text>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  const auto core = reinterpret_cast<Text>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (config) text += std::string(" (") + config() + (core ? std::string(", kernels: ") + core() : "") + ")";
  return text;
}

std::string machine_description(const torch::Device& device) {
  std::ostringstream out;
#ifdef NEURAL_STYLE_WITH_CUDA
  if (device.is_cuda()) {
    const cudaDeviceProp* prop = at::cuda::getDeviceProperties(device.index());
    out << prop->name << ", " << prop->totalGlobalMem / (1024 * 1024 * 1024) << " GiB; host: ";
  }
#else
  (void)device;
#endif
  std::string cpu = read_first_match("/proc/cpuinfo", "model name");
  if (cpu.empty()) cpu = "unknown CPU";
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  const double gib = pages > 0 && page_size > 0 ? static_cast<double>(pages) * page_size / (1 << 30) : 0.0;
  out << cpu << ", " << std::thread::hardware_concurrency() << " hardware threads, " << fmt("%.0f", gib) << " GiB";
  return out.str();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace neural_style::bench
