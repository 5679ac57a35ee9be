// The device choice: "auto" takes the GPU when there is one, "cuda" where
// it cannot run is a typed error that says why. What is testable without a
// GPU runs everywhere; the GPU case runs where one is lent.
#include <gtest/gtest.h>

#include "neural_style/neural_style.h"

using namespace neural_style;

TEST(Device, LibTorchHasCudaExactlyWhenTheBuildLinkedItsCudaLibraries) {
  // meson links libtorch_cuda when the LibTorch has it (torch_has_cuda).
  EXPECT_EQ(libtorch_has_cuda(), NEURAL_STYLE_TORCH_HAS_CUDA != 0);
}

TEST(Device, CudaWithoutAGpuIsATypedErrorThatSaysWhy) {
  if (gpu_unavailable_reason().empty()) GTEST_SKIP() << "this machine has a usable GPU";
  try {
    describe_device(DeviceKind::cuda);
    FAIL() << "no error";
  } catch (const DeviceUnavailable& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.libtorch_has_cuda(), libtorch_has_cuda());
    EXPECT_NE(what.find(e.libtorch_has_cuda() ? "found no usable NVIDIA GPU" : "CPU-only"), std::string::npos) << what;
    EXPECT_NE(what.find("only the \"cpu\" device can run here"), std::string::npos) << what;
    EXPECT_EQ(what.find("--"), std::string::npos) << "the remedy is each front end's: " << what;
  }
}

TEST(Device, AutoWithoutAGpuIsTheCpuAndTheReasonIsASentence) {
  const std::string reason = gpu_unavailable_reason();
  if (reason.empty()) GTEST_SKIP() << "this machine has a usable GPU";
  EXPECT_EQ(describe_device(DeviceKind::automatic, 1), "CPU, 1 thread");
  EXPECT_EQ(describe_device(DeviceKind::automatic, 1), describe_device(DeviceKind::cpu, 1));
  EXPECT_NE(reason.find(libtorch_has_cuda() ? "LibTorch found no usable NVIDIA GPU (" : "This LibTorch is CPU-only"),
            std::string::npos)
      << reason;
  EXPECT_EQ(reason.back(), '.') << reason;
}

TEST(Device, WithAGpuAutoAndCudaNameIt) {
  if (!gpu_unavailable_reason().empty()) GTEST_SKIP() << "no usable GPU here: " << gpu_unavailable_reason();
  const std::string gpu = describe_device(DeviceKind::cuda);
  EXPECT_EQ(gpu.rfind("GPU: ", 0), 0u) << gpu;
  EXPECT_NE(gpu.find(" (CUDA device 0 of "), std::string::npos) << gpu;
  EXPECT_GT(gpu.find(" (CUDA device"), 5u) << "the GPU's name comes first: " << gpu;
  EXPECT_EQ(describe_device(DeviceKind::automatic), gpu);
}
