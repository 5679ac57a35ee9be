// The memory plan's estimate of a tile's pass (tile_pass_bytes() in
// neural_style/tiling.h) against the bytes LibTorch's tensors hold at once
// during a real forward and backward pass, counted by a CPU allocator that
// this test installs: the estimate must cover the count (or the budget is
// passed) and stay close to it (or tiles are smaller, and the job slower,
// than they need be). Whole images and tiles, float32, channels-last, as
// the engine runs them.
#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "neural_style/multiscale.h"
#include "neural_style/neural_style.h"
#include "neural_style/tiling.h"
#include "objective.h"
#include "support/generated_weights.h"
#include "support/test_images.h"
#include "support/test_weights.h"
#include "tensor_image.h"
#include "vgg19_layers.h"
#include "weights_loader.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

// LibTorch 2.3 made Allocator::allocate non-const and copy_data pure virtual.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define COUNTING_ALLOCATE_CONST
#define COUNTING_ALLOCATOR_COPIES 1
#else
#define COUNTING_ALLOCATE_CONST const
#define COUNTING_ALLOCATOR_COPIES 0
#endif

// Every CPU tensor's bytes while it lives, and the most at once.
class CountingAllocator final : public c10::Allocator {
 public:
  static CountingAllocator& instance() {
    static CountingAllocator a;
    return a;
  }
  c10::DataPtr allocate(std::size_t n) COUNTING_ALLOCATE_CONST override {
    void* data = c10::alloc_cpu(n);
    auto& self = instance();
    std::lock_guard<std::mutex> lock(self.mutex_);
    self.sizes_[data] = n;
    self.in_use_ += n;
    self.peak_ = std::max(self.peak_, self.in_use_);
    return {data, data, &CountingAllocator::release, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DeleterFnPtr raw_deleter() const override { return &CountingAllocator::release; }
#if COUNTING_ALLOCATOR_COPIES
  void copy_data(void* dest, const void* src, std::size_t count) const override {
    default_copy_data(dest, src, count);
  }
#endif
  std::size_t in_use() {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_use_;
  }
  std::size_t peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_;
  }
  void reset_peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    peak_ = in_use_;
  }

 private:
  static void release(void* data) {
    auto& self = instance();
    {
      std::lock_guard<std::mutex> lock(self.mutex_);
      const auto it = self.sizes_.find(data);
      if (it != self.sizes_.end()) {
        self.in_use_ -= it->second;
        self.sizes_.erase(it);
      }
    }
    c10::free_cpu(data);
  }
  std::mutex mutex_;
  std::unordered_map<void*, std::size_t> sizes_;
  std::size_t in_use_ = 0, peak_ = 0;
};

class TileMemory : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Above any other allocator's priority: this one counts them all.
    c10::SetCPUAllocator(&CountingAllocator::instance(), 100);
    // As the engine runs (oneDNN's scratch space grows with the threads).
    torch::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  }

  // The bytes a pass over `width` x `height` in tiles of `tile` (0: whole)
  // holds at its peak beyond what is held before it (weights, targets, the
  // image and its gradient), and the estimate for its largest region.
  // `options`: the job's layers (by default conv4_2 content, conv1_1-conv5_1 style).
  static std::pair<double, double> measure(int width, int height, int tile, const Options& options = {}) {
    Vgg19 net;
    net.load(load_vgg19_weights(generated_weights_file(), InputConvention::caffe));
    net.set_layout(torch::kFloat32, true);
    const torch::Tensor content = image_to_tensor(make_content_image(width, height));
    const torch::Tensor style = image_to_tensor(make_style_image(128, 128));
    Objective objective(net, InputConvention::caffe, options, content, {style}, {1.0}, tile);
    const TileGrid& grid = objective.grid();
    EXPECT_EQ(grid.count() > 1, tile > 0);
    const Tile largest = grid.at(0);
    const double region = static_cast<double>(largest.rx1 - largest.rx0) * (largest.ry1 - largest.ry0);

    torch::Tensor x = content.clone();
    torch::Tensor gradient = torch::zeros_like(x);
    // With the previous Grams (TileGrams::previous): its gradient's pass
    // also gathers the Grams, the heaviest kind of pass the engine makes.
    objective.evaluate(x, &gradient, {}, GramSource::previous);  // first use: oneDNN's kernels, lazily made
    auto& counter = CountingAllocator::instance();
    const double before = static_cast<double>(counter.in_use());
    counter.reset_peak();
    objective.evaluate(x, &gradient, {}, GramSource::previous);
    const double used = static_cast<double>(counter.peak()) - before;
    return {used, static_cast<double>(tile_pass_bytes(region, deepest_layer(options)))};
  }
};

void expect_estimate_covers(double used, double estimate) {
  std::printf("the pass held %.0f MB, the plan allows %.0f MB (%.2f)\n", used / (1 << 20), estimate / (1 << 20),
              used / estimate);
  EXPECT_LE(used, estimate) << "the pass held " << used / (1 << 20) << " MB, the plan allows " << estimate / (1 << 20)
                            << " MB: a job would pass its budget";
  EXPECT_GE(used, 0.6 * estimate) << "the pass held " << used / (1 << 20) << " MB of " << estimate / (1 << 20)
                                  << " MB planned: tiles could be larger";
}

TEST_F(TileMemory, AWholeImagesPassHoldsNoMoreThanThePlanAllowsAndNotFarLess) {
  const auto [used, estimate] = measure(288, 224, 0);
  expect_estimate_covers(used, estimate);
}

TEST_F(TileMemory, ATiledPassHoldsNoMoreThanItsLargestTilesEstimate) {
  const auto [used, estimate] = measure(400, 320, 208);
  expect_estimate_covers(used, estimate);
}

TEST_F(TileMemory, ADetailStagesShallowerPassHoldsNoMoreThanItsEstimate) {
  // Layers to conv3_1 (detail_stage_options()): a third of the work of a
  // pass to conv5_1, but most of its memory (the first blocks' features).
  const Options detail = detail_stage_options(Options{});
  ASSERT_EQ(deepest_layer(detail), vgg19_layer_index("conv3_1"));
  const auto [used, estimate] = measure(400, 320, 208, detail);
  expect_estimate_covers(used, estimate);
}

}  // namespace
