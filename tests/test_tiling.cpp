// Full resolution in tiles: the geometry, the memory plan, and the proof
// that tiling changes nothing but memory: the tiled loss and gradient equal
// the untiled ones, and so does a whole run.
#include <gtest/gtest.h>

#include <set>

#include "neural_style/multiscale.h"
#include "neural_style/neural_style.h"
#include "neural_style/tiling.h"
#include "objective.h"
#include "support/test_images.h"
#include "support/test_weights.h"
#include "tensor_image.h"
#include "vgg19_layers.h"
#include "weights_loader.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

constexpr int conv5_1 = 12;

Vgg19 float64_net() {
  Vgg19 net;
  net->load(load_vgg19_weights(generated_weights_file(), InputConvention::caffe));
  net->to(torch::kFloat64);
  return net;
}

// A smooth photo-like content and a busier style, as float64 levels.
torch::Tensor levels(const Image& image) {
  return image_to_tensor(image).to(torch::kFloat64);
}

struct Evaluation {
  LossTerms terms;
  torch::Tensor gradient;
};

Evaluation evaluate(Objective& objective, const torch::Tensor& x) {
  Evaluation e;
  e.gradient = torch::zeros_like(x);
  e.terms = objective.evaluate(x, &e.gradient);
  return e;
}

void expect_same(const Evaluation& tiled, const Evaluation& whole) {
  for (auto [a, b, name] :
       {std::tuple{tiled.terms.content, whole.terms.content, "content"},
        std::tuple{tiled.terms.style, whole.terms.style, "style"}, std::tuple{tiled.terms.tv, whole.terms.tv, "tv"},
        std::tuple{tiled.terms.total, whole.terms.total, "total"}}) {
    const double x = a.item<double>(), y = b.item<double>();
    EXPECT_GT(y, 0) << name;
    EXPECT_NEAR(x, y, 1e-10 * y) << name;
  }
  const double scale = whole.gradient.abs().max().item<double>();
  ASSERT_GT(scale, 0);
  const double worst = (tiled.gradient - whole.gradient).abs().max().item<double>();
  EXPECT_LT(worst, 1e-9 * scale) << "largest gradient difference " << worst << " of " << scale;
}

}  // namespace

TEST(TileGeometry, HaloCoversTheReceptiveFieldOfTheDeepestLayer) {
  // conv5_1 sees 156 px (VGG19's receptive field there); rounded to whole
  // 16 px pooling cells, 80 px on each side.
  EXPECT_EQ(tile_alignment(conv5_1), 16);
  EXPECT_EQ(tile_halo(conv5_1), 80);
  EXPECT_EQ(tile_alignment(0), 1);
  EXPECT_EQ(tile_halo(0), 1);                             // one 3x3 convolution
  EXPECT_EQ(tile_halo(vgg19_layer_index("conv2_1")), 4);  // 2 convs, a pool, 1 conv at stride 2
  EXPECT_EQ(minimum_tile(conv5_1), 80);
}

TEST(TileGeometry, InteriorsPartitionTheImageAndRegionsStayInside) {
  for (auto [w, h, tile] : {std::tuple{1000, 700, 160}, std::tuple{181, 97, 80}, std::tuple{4000, 3000, 1024}}) {
    const TileGrid g = make_tile_grid(w, h, conv5_1, tile);
    ASSERT_GT(g.count(), 1);
    std::vector<int> covered(static_cast<std::size_t>(w) * h, 0);
    for (int i = 0; i < g.count(); ++i) {
      const Tile t = g.at(i);
      EXPECT_EQ(t.ry0 % 16, 0);
      EXPECT_EQ(t.rx0 % 16, 0);
      EXPECT_GE(t.y0 - t.ry0, std::min(t.y0, g.halo));
      EXPECT_GE(t.ry1 - t.y1, std::min(h - t.y1, g.halo));
      EXPECT_LE(t.rx1, w);
      EXPECT_LE(t.ry1, h);
      for (int y = t.y0; y < t.y1; ++y)
        for (int x = t.x0; x < t.x1; ++x) ++covered[static_cast<std::size_t>(y) * w + x];
    }
    EXPECT_EQ(std::set<int>(covered.begin(), covered.end()), std::set<int>{1}) << w << "x" << h;
    EXPECT_GT(g.region_pixels(), static_cast<double>(w) * h);
  }
  // A tile as large as the image is the image.
  const TileGrid one = make_tile_grid(300, 200, conv5_1, 0);
  EXPECT_EQ(one.count(), 1);
  EXPECT_EQ(one.halo, 0);
}

TEST(TiledObjective, GradientEqualsTheUntiledGradient) {
  // Odd sizes: pooling rounds down inside the last row and column of tiles.
  torch::manual_seed(3);
  const auto content = levels(make_content_image(181, 97));
  const auto style = levels(make_style_image(120, 100));
  Options options;  // the default layers, conv1_1 to conv5_1
  Vgg19 net = float64_net();
  Objective whole(net, InputConvention::caffe, options, content, {style}, {1.0});
  Objective tiled(net, InputConvention::caffe, options, content, {style}, {1.0}, 80);
  ASSERT_EQ(whole.grid().count(), 1);
  ASSERT_EQ(tiled.grid().count(), 6);  // 3 x 2 interiors of 80 px
  const auto x = (content + torch::randn_like(content) * 30).clamp(0, 255);
  expect_same(evaluate(tiled, x), evaluate(whole, x));
  // Without a gradient, the same terms.
  EXPECT_NEAR(tiled.evaluate(x).total.item<double>(), whole.evaluate(x).total.item<double>(),
              1e-10 * whole.evaluate(x).total.item<double>());
}

TEST(TiledObjective, ShallowLayersManyTilesAndKeepColours) {
  // Many small tiles (shallow layers need a halo of a few pixels), one
  // channel (the luminance of keep-colours), squared TV, two styles.
  torch::manual_seed(4);
  Options options;
  options.content_layer = "conv2_2";
  options.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 0.5}};
  options.tv_kind = TvKind::squared;
  const auto content = levels(make_content_image(37, 29)).mean(1, true);
  const std::vector<torch::Tensor> styles = {levels(make_style_image(30, 40)).mean(1, true),
                                             levels(make_style_image(50, 20, 1)).mean(1, true)};
  Vgg19 net = float64_net();
  Objective whole(net, InputConvention::caffe, options, content, styles, {0.3, 0.7});
  Objective tiled(net, InputConvention::caffe, options, content, styles, {0.3, 0.7}, 8);
  EXPECT_GT(tiled.grid().count(), 15);
  const auto x = (content + torch::randn_like(content) * 30).clamp(0, 255);
  expect_same(evaluate(tiled, x), evaluate(whole, x));
}

TEST(TiledObjective, StyleImagesLargerThanATileGiveTheSameTargets) {
  // The style image is read in tiles of the content's side too (so a large
  // one needs no more memory): its Gram targets must not change.
  torch::manual_seed(5);
  Options options;
  const auto content = levels(make_content_image(96, 96));
  const auto style = levels(make_style_image(250, 170));
  Vgg19 net = float64_net();
  Objective whole(net, InputConvention::caffe, options, content, {style}, {1.0});
  Objective tiled(net, InputConvention::caffe, options, content, {style}, {1.0}, 80);
  ASSERT_EQ(tiled.grid().count(), 4);
  expect_same(evaluate(tiled, content + 5), evaluate(whole, content + 5));
}

TEST(ScalePlan, SmallScalesRunWholeAndLargeOnesInTilesWithinTheBudget) {
  Options options;
  const ScalePlan small = plan_scale(512, 384, options);
  EXPECT_FALSE(small.tiled);
  EXPECT_EQ(small.grid.count(), 1);
  const ScalePlan large = plan_scale(4000, 3000, options);
  EXPECT_TRUE(large.tiled);
  EXPECT_GE(large.grid.tile, minimum_tile(conv5_1));
  EXPECT_LE(large.state_bytes + large.tile_bytes, std::uint64_t(options.memory_budget_mb) << 20);
  // A larger budget, larger tiles.
  options.memory_budget_mb *= 2;
  EXPECT_GT(plan_scale(4000, 3000, options).grid.tile, large.grid.tile);
  // An explicit tile size wins over the budget.
  options.tile_size = 160;
  EXPECT_EQ(plan_scale(4000, 3000, options).grid.tile, 160);
}

TEST(ScalePlan, ImpossibleBudgetsAndTilesAreRefusedBeforeAnyWorkSayingWhatWouldWork) {
  const Image content(3000, 2000);
  const std::vector<StyleImage> styles = {{make_style_image(64, 64), 1.0}};
  Options options;
  options.size = 0;
  options.memory_budget_mb = 300;
  try {
    validate_job(content, styles, options);
    FAIL() << "a 300 MB budget for 6 megapixels was accepted";
  } catch (const MemoryBudgetTooSmall& e) {
    EXPECT_EQ(e.budget_mb(), 300);
    EXPECT_EQ(e.width(), 3000);
    EXPECT_GT(e.needed_mb(), 300);
    EXPECT_NE(std::string(e.what()).find(std::to_string(e.needed_mb()) + " MB"), std::string::npos) << e.what();
    // What it says would work does.
    options.memory_budget_mb = e.needed_mb();
    EXPECT_NO_THROW(validate_job(content, styles, options));
  }
  options.memory_budget_mb = 3072;
  options.tile_size = 40;
  try {
    validate_job(content, styles, options);
    FAIL() << "a tile smaller than the receptive field was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("at least 80"), std::string::npos) << e.what();
  }
  options.tile_size = -1;
  EXPECT_THROW(validate_job(content, styles, options), InvalidArgument);
  options.tile_size = 0;
  options.memory_budget_mb = 0;
  EXPECT_THROW(validate_job(content, styles, options), InvalidArgument);
}

namespace {

class TiledRun : public ::testing::Test {
 protected:
  static Stylizer& stylizer() { return generated_weights_stylizer(); }
  Image content = make_content_image(181, 97);
  std::vector<StyleImage> styles = {{make_style_image(96, 96), 1.0}};
  static Options adam(int iterations) {
    Options o;
    o.size = 0;  // the content's own size
    o.iterations = iterations;
    o.optimizer = OptimizerKind::adam;
    return o;
  }
};

}  // namespace

TEST_F(TiledRun, WholeResultEqualsTheUntiledResult) {
  Options untiled = adam(4), tiled = adam(4);
  tiled.tile_size = 80;
  const Image a = stylizer().run(content, styles, untiled);
  int tile_calls = 0;
  const Image b = stylizer().run(content, styles, tiled, [&](const Progress& p) {
    tile_calls += p.tile > 0;
    return true;
  });
  EXPECT_EQ(tile_calls, 4 * 2 * 6);  // each iteration: 6 tiles, two passes
  ASSERT_EQ(a.rgb.size(), b.rgb.size());
  double sum = 0, moved = 0;
  std::size_t off_by_a_level = 0;
  for (std::size_t i = 0; i < a.rgb.size(); ++i) {
    sum += std::fabs(a.rgb[i] - b.rgb[i]);
    off_by_a_level += std::fabs(a.rgb[i] - b.rgb[i]) > 1.0 / 255;
    moved += std::fabs(a.rgb[i] - content.rgb[i]);
  }
  const double n = static_cast<double>(a.rgb.size());
  std::printf(
      "tiled vs untiled: mean difference %.3g levels, %.3g%% of values off by more than a level; the run "
      "moved values by %.3g levels on average\n",
      255 * sum / n, 100 * off_by_a_level / n, 255 * moved / n);
  EXPECT_GT(255 * moved / n, 5);  // the run did something
  // The gradients agree to float32 rounding (sums in another order), but
  // Adam's first steps are ±learning rate wherever a gradient is nonzero, so
  // a value whose gradient is at rounding level may step either way: a few
  // isolated values, never a region, and never a seam.
  EXPECT_LT(255 * sum / n, 0.25);
  EXPECT_LT(off_by_a_level / n, 0.05);
  // No region differs: every 8 x 8 block agrees within two levels on average,
  // the blocks along tile edges (x or y at 80 and 160) included.
  double worst_block = 0;
  for (int by = 0; by + 8 <= a.height; by += 4) {
    for (int bx = 0; bx + 8 <= a.width; bx += 4) {
      double block = 0;
      for (int y = by; y < by + 8; ++y)
        for (int x = bx; x < bx + 8; ++x)
          for (int c = 0; c < 3; ++c) block += std::fabs(a.pixel(x, y)[c] - b.pixel(x, y)[c]);
      worst_block = std::max(worst_block, 255 * block / (8 * 8 * 3));
    }
  }
  std::printf("largest mean difference over an 8 x 8 block: %.3g levels\n", worst_block);
  EXPECT_LT(worst_block, 2.0);
}

TEST_F(TiledRun, ProgressNamesTheTileAndCancelStopsWithinAnIteration) {
  Options o = adam(3);
  o.tile_size = 80;
  std::vector<std::pair<int, int>> seen;
  EXPECT_THROW(stylizer().run(content, styles, o,
                              [&](const Progress& p) {
                                seen.emplace_back(p.tile, p.tiles);
                                return !(p.iteration == 1 && p.tile == 5);
                              }),
               Cancelled);
  ASSERT_EQ(seen.size(), 5u);  // stopped at the fifth tile of the first iteration
  for (int i = 0; i < 5; ++i) EXPECT_EQ(seen[i], std::make_pair(i + 1, 12));
}

TEST(DetailStages, AboveTheDetailSizeEachLevelIsADetailStage) {
  Options o;
  o.multiscale.enabled = true;
  o.iterations = 40;
  const auto s = multiscale_schedule(4000, 3000, o, 16);
  ASSERT_EQ(s.size(), 5u);
  const std::vector<std::tuple<int, int, int>> expected = {
      {250, 188, 160}, {500, 375, 80}, {1000, 750, 40}, {2000, 1500, 6}, {4000, 3000, 6}};
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(std::tuple(s[i].width, s[i].height, s[i].iterations), expected[i]) << "level " << i;
  }
  // At or below the detail size nothing changes: `iterations` at the final size.
  const auto high = multiscale_schedule(1024, 768, o, 16);
  EXPECT_EQ(high.back().width, 1024);
  EXPECT_EQ(high.back().iterations, 40);
  EXPECT_EQ(high.front().iterations, 40 * 2 * 2 * 2);
}
