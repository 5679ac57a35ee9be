// The CPU block cache (core/src/cpu_block_cache.h): freed blocks serve the
// next request of their size, what it keeps stays within its limit, and a
// job sets its budget there, reuses its memory from one iteration to the
// next and gives the cache back when it ends.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <thread>
#include <vector>

#include "cpu_block_cache.h"
#include "neural_style/neural_style.h"
#include "support/generated_weights.h"
#include "support/test_images.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

constexpr std::int64_t MB = 1 << 20;

torch::Tensor bytes(std::int64_t n) {
  return torch::empty({n}, torch::kUInt8);
}

class CpuBlockCache : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { install_cpu_block_cache(); }
  void SetUp() override {
    set_cpu_block_cache_limit(0);
    release_cpu_block_cache();
    reset_cpu_block_cache_peak();
  }
  void TearDown() override { SetUp(); }
};

TEST_F(CpuBlockCache, AFreedBlockServesTheNextRequestOfItsSize) {
  void* first = nullptr;
  {
    auto t = bytes(8 * MB);
    t.fill_(1);
    first = t.data_ptr();
  }
  const auto freed = cpu_block_cache_stats();
  EXPECT_EQ(freed.cached, static_cast<std::uint64_t>(8 * MB));
  auto again = bytes(8 * MB);
  EXPECT_EQ(again.data_ptr(), first);
  const auto after = cpu_block_cache_stats();
  EXPECT_EQ(after.hits, freed.hits + 1);
  EXPECT_EQ(after.misses, freed.misses);
  EXPECT_EQ(after.cached, 0u);
  EXPECT_EQ(after.in_use, freed.in_use + 8 * MB);
}

TEST_F(CpuBlockCache, ABlockServesASlightlySmallerRequestButNotAMuchSmallerOne) {
  void* block = nullptr;
  {
    auto t = bytes(8 * MB);
    block = t.data_ptr();
  }
  {
    auto t = bytes(7 * MB + MB / 2);  // within an eighth
    EXPECT_EQ(t.data_ptr(), block);
  }
  const auto before = cpu_block_cache_stats();
  auto t = bytes(4 * MB);
  EXPECT_NE(t.data_ptr(), block);
  EXPECT_EQ(cpu_block_cache_stats().misses, before.misses + 1);
}

TEST_F(CpuBlockCache, SmallRequestsGoToLibTorchsOwnAllocator) {
  const auto before = cpu_block_cache_stats();
  {
    auto t = torch::full({static_cast<std::int64_t>(cpu_block_cache_smallest / 4) - 1}, 3.0f);
    EXPECT_TRUE(t.eq(3.0f).all().item<bool>());
  }
  const auto after = cpu_block_cache_stats();
  EXPECT_EQ(after.in_use, before.in_use);
  EXPECT_EQ(after.cached, before.cached);
  EXPECT_EQ(after.hits + after.misses, before.hits + before.misses);
}

// Requests of sizes no cached block fits: without the limit each would add
// its block to what is kept.
TEST_F(CpuBlockCache, WhatIsInUseAndCachedStaysWithinTheLimit) {
  const std::uint64_t limit = 64 * MB;
  set_cpu_block_cache_limit(limit);
  reset_cpu_block_cache_peak();
  const auto held = bytes(20 * MB);  // in use throughout
  const auto before = cpu_block_cache_stats();
  for (std::int64_t size : {10 * MB, 13 * MB, 17 * MB, 22 * MB, 29 * MB, 10 * MB, 13 * MB}) {
    auto t = bytes(size);
    t.fill_(1);
    const auto s = cpu_block_cache_stats();
    EXPECT_LE(s.in_use + s.cached, limit) << "after a request of " << size / MB << " MB";
  }
  const auto after = cpu_block_cache_stats();
  EXPECT_LE(after.peak_resident, limit);
  EXPECT_GT(after.given_back, before.given_back);
  EXPECT_EQ(after.limit, limit);
}

// A full cache serves a small request from a larger block it has rather
// than map a new one, and cuts the block to the request: held whole, tiles'
// small tensors in large blocks took a 12 MP job 2 GB past its budget.
TEST_F(CpuBlockCache, WhenFullALargerBlockServesASmallRequestCutToItsSize) {
  set_cpu_block_cache_limit(40 * MB);
  const auto held = bytes(8 * MB);
  void* large = nullptr;
  {
    auto t = bytes(30 * MB);
    large = t.data_ptr();
  }
  const auto before = cpu_block_cache_stats();
  ASSERT_EQ(before.cached, static_cast<std::uint64_t>(30 * MB));
  auto small = bytes(4 * MB);  // a new block would pass the limit
  EXPECT_EQ(small.data_ptr(), large);
  small.fill_(5);
  EXPECT_EQ(small[4 * MB - 1].item<int>(), 5);
  const auto after = cpu_block_cache_stats();
  EXPECT_EQ(after.trimmed, before.trimmed + 1);
  EXPECT_EQ(after.hits, before.hits + 1);
  EXPECT_EQ(after.cached, 0u);
  EXPECT_EQ(after.in_use, before.in_use + 4 * MB);
  // Not full: a much larger block is left for a request of its size.
  set_cpu_block_cache_limit(0);
  { auto t = bytes(30 * MB); }
  auto other = bytes(4 * MB);
  EXPECT_EQ(cpu_block_cache_stats().cached, static_cast<std::uint64_t>(30 * MB));
  EXPECT_EQ(cpu_block_cache_stats().trimmed, after.trimmed);
}

TEST_F(CpuBlockCache, ARequestBeyondTheLimitIsServedOnceTheCacheIsEmpty) {
  set_cpu_block_cache_limit(16 * MB);
  { auto t = bytes(8 * MB); }
  ASSERT_EQ(cpu_block_cache_stats().cached, static_cast<std::uint64_t>(8 * MB));
  auto big = bytes(32 * MB);
  big.fill_(7);
  EXPECT_EQ(big[32 * MB - 1].item<int>(), 7);
  const auto s = cpu_block_cache_stats();
  EXPECT_EQ(s.cached, 0u);
  EXPECT_GE(s.in_use, static_cast<std::uint64_t>(32 * MB));
}

TEST_F(CpuBlockCache, ReleaseGivesEveryCachedBlockBack) {
  const auto held = bytes(4 * MB);
  { auto a = bytes(8 * MB), b = bytes(16 * MB); }
  EXPECT_EQ(cpu_block_cache_stats().cached, static_cast<std::uint64_t>(24 * MB));
  const auto in_use = cpu_block_cache_stats().in_use;
  release_cpu_block_cache();
  EXPECT_EQ(cpu_block_cache_stats().cached, 0u);
  EXPECT_EQ(cpu_block_cache_stats().in_use, in_use);
}

// Tensors made, filled and checked on several threads at once, their blocks
// reused across threads: every value is what its thread wrote, and every
// block comes back.
TEST_F(CpuBlockCache, BlocksReusedAcrossThreadsKeepEachTensorsValues) {
  const auto before = cpu_block_cache_stats();
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([k, &wrong] {
      for (int round = 0; round < 30; ++round) {
        const std::int64_t n = (1 + (round * 7 + k * 3) % 6) * MB / 4;  // 1 to 6 MB of floats
        auto t = torch::full({n}, static_cast<float>(k * 100 + round));
        if (t.eq(static_cast<float>(k * 100 + round)).all().item<bool>() == false) ++wrong[k];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < 4; ++k) EXPECT_EQ(wrong[k], 0) << "thread " << k;
  const auto after = cpu_block_cache_stats();
  EXPECT_EQ(after.in_use, before.in_use);
  EXPECT_GT(after.hits, before.hits);
}

// A job: its budget is the cache's limit while it runs; after its first
// iteration every block comes from the cache (no new pages to fault in);
// when it ends, what it cached is given back.
TEST_F(CpuBlockCache, AJobReusesItsBlocksWithinItsBudgetAndGivesThemBack) {
  Stylizer& stylizer = generated_weights_stylizer();
  Options o;
  o.size = 0;
  o.multiscale.enabled = false;
  o.iterations = 5;
  o.optimizer = OptimizerKind::adam;
  o.memory_budget_mb = 700;
  const Image content = make_content_image(256, 192);
  const std::vector<StyleImage> styles = {{make_style_image(128, 128), 1.0}};
  std::vector<CpuBlockCacheStats> at;
  stylizer.run(content, styles, o, [&](const Progress& p) {
    if (p.tile == 0) at.push_back(cpu_block_cache_stats());
    return true;
  });
  ASSERT_EQ(at.size(), 5u);
  for (const auto& s : at) EXPECT_EQ(s.limit, 700ull << 20);
  EXPECT_GT(at[4].hits, at[1].hits);
  EXPECT_EQ(at[4].misses, at[1].misses) << "iterations 3 to 5 took new blocks";
  const auto end = cpu_block_cache_stats();
  EXPECT_EQ(end.cached, 0u);
  EXPECT_LE(end.peak_resident, 700ull << 20);
}

}  // namespace
