// Out of GPU memory in the middle of a job: the engine empties the caching
// allocator, goes on from the failed iteration in tiles of half the side,
// and tells the caller; only when the tiles are the smallest does the error
// reach it, as OutOfMemory. No GPU here, so the error is injected before
// the network's passes (test_hooks.h), as LibTorch's CUDA allocator and
// cuBLAS throw it.
#include <c10/util/Exception.h>
#include <gtest/gtest.h>

#include <cmath>
#include <new>

#include "neural_style/neural_style.h"
#include "neural_style/tiling.h"
#include "support/generated_weights.h"
#include "support/test_files.h"
#include "support/test_images.h"
#include "test_hooks.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

// What CUDA's caching allocator throws (CUDACachingAllocator.cpp), and
// cuBLAS failing to allocate its workspace.
enum class Failure { allocator, cublas };

// Makes every network pass over a region whose longer side exceeds `limit`
// fail, once `allowed` passes have gone through; removed when it goes.
class RegionLimit {
 public:
  RegionLimit(int limit, Failure failure, int allowed = 0) {
    test_hooks::before_network_pass = [=, passes = 0](int width, int height) mutable {
      if (++passes <= allowed || std::max(width, height) <= limit) return;
      ++refused;
      const c10::SourceLocation where{__func__, __FILE__, static_cast<uint32_t>(__LINE__)};
      if (failure == Failure::cublas) {
        throw c10::Error(where, "CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`");
      }
      throw c10::OutOfMemoryError(where,
                                  "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity)");
    };
  }
  ~RegionLimit() { test_hooks::before_network_pass = nullptr; }
  RegionLimit(const RegionLimit&) = delete;
  RegionLimit& operator=(const RegionLimit&) = delete;

  static inline int refused = 0;
};

// float64, so that a run in other tiles is the same run (test_tiling.cpp).
Stylizer& float64_stylizer() {
  return float64_generated_weights_stylizer();
}

// A small job whose scale fits whole in the budget.
Options small_job(OptimizerKind optimizer) {
  Options o;
  o.size = 0;
  o.iterations = 3;
  o.optimizer = optimizer;
  o.content_layer = "conv3_1";
  o.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 1.0}, {"conv3_1", 1.0}};
  return o;
}

struct Notice {
  int iteration, tile;
};

double largest_difference(const Image& a, const Image& b) {
  double largest = 0;
  for (std::size_t i = 0; i < a.rgb.size(); ++i) largest = std::max(largest, 255.0 * std::fabs(a.rgb[i] - b.rgb[i]));
  return largest;
}

class MemoryFallback : public ::testing::TestWithParam<Failure> {
 protected:
  void SetUp() override { RegionLimit::refused = 0; }
  Image content = make_content_image(120, 72);
  std::vector<StyleImage> styles = {{make_style_image(64, 64), 1.0}};
  int deepest = deepest_layer(small_job(OptimizerKind::adam));
};

}  // namespace

// The whole image's passes fail from the first iteration on (the targets'
// two passes, before it, went through): the iteration is done again in tiles, and
// the result is the untiled run's.
TEST_P(MemoryFallback, AWholeImageThatDoesNotFitGoesOnInTilesWithTheSameResult) {
  const Options o = small_job(OptimizerKind::adam);
  const Image expected = float64_stylizer().run(content, styles, o);
  const int first = smaller_tile(make_tile_grid(120, 72, deepest, 0), deepest);
  ASSERT_EQ(first, 60);
  std::vector<Notice> notices;
  Image result;
  {
    // Whole passes read 120 px and the margin (144 px); 60 px tiles read at
    // most 60 px and two halos of 12 (84 px).
    RegionLimit limit(120, GetParam(), 2);
    result = float64_stylizer().run(content, styles, o, [&](const Progress& p) {
      if (p.retiled > 0) notices.push_back({p.iteration, p.retiled});
      return true;
    });
  }
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].iteration, 1);
  EXPECT_EQ(notices[0].tile, first);
  EXPECT_EQ(RegionLimit::refused, 1);
  EXPECT_LT(largest_difference(result, expected), 1e-3);
}

// L-BFGS keeps a history per pixel that a tiled scale does not have room
// for: after the fallback the scale goes on with Adam, like any tiled scale.
TEST_P(MemoryFallback, LbfgsThatRunsOutInItsSecondIterationGoesOnWithAdamInTiles) {
  const Options o = small_job(OptimizerKind::lbfgs);
  std::vector<Notice> notices;
  int last_iteration = 0;
  Image result;
  {
    // The targets (the content's pass, the painting's) and the first
    // iteration go through.
    RegionLimit limit(120, GetParam(), 3);
    result = float64_stylizer().run(content, styles, o, [&](const Progress& p) {
      if (p.retiled > 0) notices.push_back({p.iteration, p.retiled});
      last_iteration = p.iteration;
      return true;
    });
  }
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].iteration, 2);
  EXPECT_EQ(last_iteration, 3);
  EXPECT_GT(largest_difference(result, content), 5) << "the run went on and changed the image";
}

// When even the smallest tiles fail, the error reaches the caller as the
// engine's OutOfMemory, after halving the tile down to minimum_tile().
TEST_P(MemoryFallback, WhenTheSmallestTilesDoNotFitTheCallerGetsOutOfMemory) {
  const Options o = small_job(OptimizerKind::adam);
  std::vector<int> tiles;
  RegionLimit limit(1, GetParam());
  try {
    float64_stylizer().run(content, styles, o, [&](const Progress& p) {
      if (p.retiled > 0) tiles.push_back(p.retiled);
      return true;
    });
    FAIL() << "expected OutOfMemory";
  } catch (const OutOfMemory& e) {
    EXPECT_NE(std::string(e.what()).find("Out of memory on the"), std::string::npos) << e.what();
  }
  ASSERT_FALSE(tiles.empty());
  for (std::size_t i = 1; i < tiles.size(); ++i) EXPECT_LT(tiles[i], tiles[i - 1]);
  EXPECT_EQ(tiles.back(), minimum_tile(deepest));
  EXPECT_EQ(RegionLimit::refused, static_cast<int>(tiles.size()) + 1);
}

INSTANTIATE_TEST_SUITE_P(CudaAllocatorAndCublas, MemoryFallback, ::testing::Values(Failure::allocator, Failure::cublas),
                         [](const auto& info) { return info.param == Failure::allocator ? "Allocator" : "Cublas"; });

// The host's memory is not retried in smaller tiles: the CPU's budget is
// the user's to lower, and with overcommit a retry meets the OOM killer.
TEST(MemoryFallbackOthers, TheHostRunningOutIsOutOfMemoryAtOnce) {
  int passes = 0, notices = 0;
  test_hooks::before_network_pass = [&](int, int) {
    ++passes;
    throw std::bad_alloc();
  };
  EXPECT_THROW(float64_stylizer().run(make_content_image(120, 72), {{make_style_image(64, 64), 1.0}},
                                      small_job(OptimizerKind::adam),
                                      [&](const Progress& p) {
                                        notices += p.retiled > 0;
                                        return true;
                                      }),
               OutOfMemory);
  test_hooks::before_network_pass = nullptr;
  EXPECT_EQ(passes, 1);
  EXPECT_EQ(notices, 0);
}

// Other failures are not retried in smaller tiles.
TEST(MemoryFallbackOthers, AnotherLibTorchErrorIsNotRetried) {
  int passes = 0, notices = 0;
  test_hooks::before_network_pass = [&](int, int) {
    ++passes;
    throw c10::Error({__func__, __FILE__, static_cast<uint32_t>(__LINE__)}, "Expected a CUDA tensor");
  };
  try {
    float64_stylizer().run(make_content_image(120, 72), {{make_style_image(64, 64), 1.0}},
                           small_job(OptimizerKind::adam), [&](const Progress& p) {
                             notices += p.retiled > 0;
                             return true;
                           });
    ADD_FAILURE() << "expected an error";
  } catch (const OutOfMemory&) {
    ADD_FAILURE() << "not an out-of-memory error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Expected a CUDA tensor"), std::string::npos) << e.what();
  }
  test_hooks::before_network_pass = nullptr;
  EXPECT_EQ(passes, 1);
  EXPECT_EQ(notices, 0);
}

// The halving itself, without tensors.
TEST(SmallerTile, HalvesAlignedDownToTheMinimumThenStops) {
  const int conv5_1 = 12, conv3_1 = 4;
  EXPECT_EQ(smaller_tile(make_tile_grid(4000, 3000, conv5_1, 0), conv5_1), 2000);
  EXPECT_EQ(smaller_tile(make_tile_grid(4000, 3000, conv5_1, 1024), conv5_1), 512);
  EXPECT_EQ(smaller_tile(make_tile_grid(4000, 3000, conv5_1, 500), conv5_1), 240);  // 250 aligned to 16
  const int smallest = minimum_tile(conv5_1);
  EXPECT_EQ(smaller_tile(make_tile_grid(4000, 3000, conv5_1, smallest + 16), conv5_1), smallest);
  EXPECT_EQ(smaller_tile(make_tile_grid(4000, 3000, conv5_1, smallest), conv5_1), 0);
  EXPECT_EQ(smaller_tile(make_tile_grid(120, 72, conv3_1, 0), conv3_1), 60);
}
