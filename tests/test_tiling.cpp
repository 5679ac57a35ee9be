// Full resolution in tiles: the geometry, the memory plan, and the proof
// that tiling changes nothing but memory: the tiled loss and gradient equal
// the untiled ones, and so does a whole run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "neural_style/multiscale.h"
#include "neural_style/neural_style.h"
#include "neural_style/tiling.h"
#include "objective.h"
#include "support/test_images.h"
#include "support/test_weights.h"
#include "tensor_image.h"
#include "test_hooks.h"
#include "vgg19_layers.h"
#include "weights_loader.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

constexpr int conv5_1 = 12;

Vgg19 float64_net() {
  Vgg19 net;
  net.load(load_vgg19_weights(generated_weights_file(), InputConvention::caffe));
  net.to(torch::kFloat64);
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
  // Regions may read the mirrored margin beyond the image, never further.
  const TileGrid m = make_tile_grid(181, 97, conv5_1, 80, 32);
  for (int i = 0; i < m.count(); ++i) {
    const Tile t = m.at(i);
    EXPECT_GE(t.rx0, -32);
    EXPECT_GE(t.ry0, -32);
    EXPECT_LE(t.rx1, 181 + 32);
    EXPECT_LE(t.ry1, 97 + 32);
    if (t.x0 == 0) {
      EXPECT_EQ(t.rx0, -32);
    }
    if (t.y1 == 97) {
      EXPECT_EQ(t.ry1, 97 + 32);
    }
  }
  const Tile single = make_tile_grid(181, 97, conv5_1, 0, 32).at(0);
  EXPECT_EQ(std::tuple(single.rx0, single.ry0, single.rx1, single.ry1), std::tuple(-32, -32, 213, 129));
  // The margin: aligned, at most the halo, below the shortest side.
  Options o;
  o.mirror_margin = 1000;
  EXPECT_EQ(mirror_margin(500, 400, o), 80);
  o.mirror_margin = 40;
  EXPECT_EQ(mirror_margin(500, 400, o), 32);
  EXPECT_EQ(mirror_margin(500, 30, o), 16);
  EXPECT_EQ(mirror_margin(500, 16, o), 0);
  o.mirror_margin = 0;
  EXPECT_EQ(mirror_margin(500, 400, o), 0);
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

// With the previous evaluation's Grams (GramSource::previous) the gradient's
// pass gathers the image's own: one pass over the tiles, the current image's
// loss exactly, and a gradient one step old in its style term only. Tiled
// and untiled still agree exactly, so there are no seams either.
TEST(TiledObjective, PreviousGramsGiveTheCurrentLossInOnePassAndNoSeams) {
  torch::manual_seed(7);
  const auto content = levels(make_content_image(181, 97));
  const auto style = levels(make_style_image(120, 100));
  Options options;
  Vgg19 net = float64_net();
  Objective exact(net, InputConvention::caffe, options, content, {style}, {1.0});
  Objective whole(net, InputConvention::caffe, options, content, {style}, {1.0});
  Objective tiled(net, InputConvention::caffe, options, content, {style}, {1.0}, 80);
  ASSERT_EQ(tiled.grid().count(), 6);
  const auto x0 = (content + torch::randn_like(content) * 30).clamp(0, 255);
  const auto x1 = (x0 + torch::randn_like(content) * 10).clamp(0, 255);
  const auto lagged = [](Objective& objective, const torch::Tensor& x, int* steps = nullptr) {
    Evaluation e;
    e.gradient = torch::zeros_like(x);
    int calls = 0;
    e.terms = objective.evaluate(
        x, &e.gradient,
        [&](int step, int of) {
          EXPECT_EQ(step, calls++);
          if (steps) *steps = of;
        },
        GramSource::previous);
    if (steps) {
      EXPECT_EQ(calls, *steps);
    }
    return e;
  };
  // The first evaluation has no previous Grams: the current ones, two passes.
  int steps = 0;
  EXPECT_EQ(tiled.passes(GramSource::previous), 2);
  expect_same(lagged(tiled, x0, &steps), evaluate(exact, x0));
  EXPECT_EQ(steps, 12);
  lagged(whole, x0);
  // Then one pass; the loss is x1's own; tiled equals untiled.
  EXPECT_EQ(tiled.passes(GramSource::previous), 1);
  EXPECT_EQ(tiled.passes(GramSource::current), 2);
  const Evaluation at_x1 = lagged(tiled, x1, &steps);
  EXPECT_EQ(steps, 6);
  const Evaluation current = evaluate(exact, x1);
  for (auto [a, b] :
       {std::pair{at_x1.terms.style, current.terms.style}, std::pair{at_x1.terms.total, current.terms.total}}) {
    EXPECT_NEAR(a.item<double>(), b.item<double>(), 1e-10 * b.item<double>());
  }
  const Evaluation untiled = lagged(whole, x1);
  expect_same(at_x1, untiled);
  // The style gradient is x0's Grams' (one step old): it differs from the
  // current one, and is the current one once the Grams are x1's.
  const double scale = current.gradient.abs().max().item<double>();
  EXPECT_GT((at_x1.gradient - current.gradient).abs().max().item<double>(), 1e-6 * scale);
  expect_same(lagged(tiled, x1), current);
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

TEST(TiledObjective, TheMirroredMarginIsPartOfTheImagesGradient) {
  // Beyond its edges the network sees the image mirrored: the loss changes,
  // tiled and untiled still agree, and the gradient of a pixel includes what
  // its mirror images contribute (finite differences at the edges and
  // corners, where a pixel is mirrored once or three times).
  torch::manual_seed(6);
  Options options;
  options.content_layer = "conv3_1";
  options.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 1.0}, {"conv3_1", 1.0}};
  options.mirror_margin = 12;
  ASSERT_EQ(mirror_margin(64, 40, options), 12);  // conv3_1's halo
  const auto content = levels(make_content_image(64, 40));
  const auto style = levels(make_style_image(48, 48));
  Vgg19 net = float64_net();
  Objective whole(net, InputConvention::caffe, options, content, {style}, {1.0});
  Objective tiled(net, InputConvention::caffe, options, content, {style}, {1.0}, 16);
  ASSERT_EQ(tiled.grid().count(), 12);
  EXPECT_EQ(whole.grid().margin, 12);
  const auto x = (content + torch::randn_like(content) * 30).clamp(1, 254);
  const Evaluation w = evaluate(whole, x);
  expect_same(evaluate(tiled, x), w);
  Options no_margin = options;
  no_margin.mirror_margin = 0;
  Objective plain(net, InputConvention::caffe, no_margin, content, {style}, {1.0});
  const double plain_total = plain.evaluate(x).total.item<double>();
  EXPECT_GT(std::fabs(plain_total - w.terms.total.item<double>()), 1e-3 * plain_total);
  for (auto [c, y, xx] : {std::tuple{0, 0, 0}, std::tuple{1, 0, 30}, std::tuple{2, 20, 63}, std::tuple{0, 39, 63},
                          std::tuple{1, 39, 3}}) {
    const double h = 1e-3;
    auto up = x.clone(), down = x.clone();
    up[0][c][y][xx] += h;
    down[0][c][y][xx] -= h;
    const double numeric =
        (whole.evaluate(up).total.item<double>() - whole.evaluate(down).total.item<double>()) / (2 * h);
    const double analytic = w.gradient[0][c][y][xx].item<double>();
    EXPECT_NEAR(analytic, numeric, 1e-4 * std::max(1.0, std::fabs(numeric))) << "pixel " << xx << "," << y;
  }
}

// A content target computed again in each tile's pass from the content
// (ContentTarget::recomputed, for photos whose kept target leaves no tile)
// gives the kept target's loss and gradient, with either kind of Grams, and
// the loss alone; it costs one forward pass of the content per tile.
TEST(TiledObjective, ARecomputedContentTargetGivesTheKeptOnesLossAndGradient) {
  torch::manual_seed(8);
  const auto content = levels(make_content_image(181, 97));
  const auto style = levels(make_style_image(120, 100));
  Options options;  // a detail stage's layers, where it is used
  options.content_layer = "conv3_1";
  options.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 0.25}, {"conv3_1", 0.0625}};
  Vgg19 net = float64_net();
  Objective kept(net, InputConvention::caffe, options, content, {style}, {1.0}, 40);
  Objective recomputed(net, InputConvention::caffe, options, content, {style}, {1.0}, 40, ContentTarget::recomputed);
  ASSERT_EQ(recomputed.grid().count(), 15);
  const auto x0 = (content + torch::randn_like(content) * 30).clamp(0, 255);
  const auto x1 = (x0 + torch::randn_like(content) * 10).clamp(0, 255);
  int passes = 0;
  test_hooks::before_network_pass = [&](int, int) { ++passes; };
  const Evaluation k = evaluate(kept, x0);
  const int kept_passes = std::exchange(passes, 0);
  const Evaluation r = evaluate(recomputed, x0);
  const int recomputed_passes = std::exchange(passes, 0);
  expect_same(r, k);
  // Two passes over the 15 tiles, and the content's in the gradient's.
  EXPECT_EQ(kept_passes, 30);
  EXPECT_EQ(recomputed_passes, 45);
  // Without a gradient: one pass of each.
  const double loss = recomputed.evaluate(x1).total.item<double>();
  EXPECT_EQ(std::exchange(passes, 0), 30);
  EXPECT_NEAR(loss, kept.evaluate(x1).total.item<double>(), 1e-10 * loss);
  // The previous Grams: one pass of the image's tiles, and the content's.
  const auto lagged = [](Objective& objective, const torch::Tensor& x) {
    Evaluation e;
    e.gradient = torch::zeros_like(x);
    e.terms = objective.evaluate(x, &e.gradient, {}, GramSource::previous);
    return e;
  };
  expect_same(lagged(recomputed, x0), lagged(kept, x0));
  passes = 0;
  const Evaluation lagged_r = lagged(recomputed, x1);
  EXPECT_EQ(passes, 30);
  expect_same(lagged_r, lagged(kept, x1));
  test_hooks::before_network_pass = nullptr;
  // With one tile there is nothing to spare: the same terms too.
  Objective whole(net, InputConvention::caffe, options, content, {style}, {1.0});
  Objective whole_recomputed(net, InputConvention::caffe, options, content, {style}, {1.0}, 0,
                             ContentTarget::recomputed);
  expect_same(evaluate(whole_recomputed, x1), evaluate(whole, x1));
}

TEST(ScalePlan, SmallScalesRunWholeAndLargeOnesInTilesWithinTheBudget) {
  Options options;
  options.memory_budget_mb = default_cpu_memory_budget_mb;
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

// A scale's state is the image, its gradient, the optimiser's values and the
// content target (conv4_2: 512 channels at 1/8 a side, 8 values a pixel);
// the content at that size and the carried start image are not kept.
TEST(ScalePlan, TheStateCountsWhatAScaleKeepsWhileItIsOptimised) {
  Options options;
  options.optimizer = OptimizerKind::adam;
  const double pixels = 4000.0 * 3000;
  const std::uint64_t fixed = plan_scale(16, 16, options).state_bytes - static_cast<std::uint64_t>(256 * 20 * 4);
  EXPECT_EQ(plan_scale(4000, 3000, options).state_bytes,
            static_cast<std::uint64_t>(pixels * (3 * (2 + 2) + 8) * 4) + fixed);
  options.keep_colors = true;  // one channel, and the chroma's two
  EXPECT_EQ(plan_scale(4000, 3000, options).state_bytes,
            static_cast<std::uint64_t>(pixels * (1 * (2 + 2) + 2 + 8) * 4) + fixed);
  // Image Adam keeps one value per pixel and channel, its first moment.
  options.keep_colors = false;
  options.optimizer = OptimizerKind::image_adam;
  EXPECT_EQ(plan_scale(4000, 3000, options).state_bytes,
            static_cast<std::uint64_t>(pixels * (3 * (2 + 1) + 8) * 4) + fixed);
}

TEST(ScalePlan, AScaleWhoseLbfgsHistoryDoesNotFitRunsWholeWithAdamBeforeTiles) {
  Options options;  // L-BFGS, history 25
  options.memory_budget_mb = default_cpu_memory_budget_mb;
  const std::uint64_t budget = std::uint64_t(options.memory_budget_mb) << 20;
  const ScalePlan small = plan_scale(512, 384, options);
  EXPECT_FALSE(small.adam);
  // 0.75 MP: L-BFGS's 200 values a pixel and the whole pass pass the
  // budget, Adam's two and the whole pass do not. One whole pass an
  // iteration is cheaper than tiles' two.
  const ScalePlan middle = plan_scale(1000, 750, options);
  EXPECT_FALSE(middle.tiled);
  EXPECT_TRUE(middle.adam);
  EXPECT_LE(middle.state_bytes + middle.tile_bytes, budget);
  Options roomy = options;
  roomy.memory_budget_mb *= 2;
  EXPECT_FALSE(plan_scale(1000, 750, roomy).adam);
  Options short_history = options;
  short_history.lbfgs_history = 5;
  EXPECT_FALSE(plan_scale(1000, 750, short_history).adam);
  // Tiles whenever the whole pass does not fit, and they take Adam.
  const ScalePlan large = plan_scale(4000, 3000, options);
  EXPECT_TRUE(large.tiled);
  EXPECT_TRUE(large.adam);
  // An explicit tile size: L-BFGS when it makes one tile, Adam for several.
  options.tile_size = 2000;
  EXPECT_FALSE(plan_scale(1000, 750, options).adam);
  options.tile_size = 400;
  EXPECT_TRUE(plan_scale(1000, 750, options).adam);
}

// The last stage of a photo at full size: kept content target (16 values a
// pixel at conv3_1) up to about 29 MP at the CPU's automatic budget, where
// it leaves tiles large enough; above, recomputed in each tile, up to about
// 60 MP; always within the budget.
TEST(ScalePlan, LargePhotosRecomputeTheContentTargetInsteadOfKeepingIt) {
  Options job;
  job.multiscale.enabled = true;
  job.size = 0;
  job.memory_budget_mb = default_cpu_memory_budget_mb;
  const std::uint64_t budget = std::uint64_t(job.memory_budget_mb) << 20;
  const auto last_stage = [&](int w, int h) {
    const auto scales = multiscale_schedule(w, h, job, 16);
    const Options o = scale_options(job, scales.back());
    return std::pair{plan_scale(w, h, o), o};
  };
  for (const auto& [w, h, recomputed] : std::vector<std::tuple<int, int, bool>>{
           {4000, 3000, false},  // 12 MP
           {5657, 4243, false},  // 24 MP: measured with the kept target, 130 tiles
           {6325, 4744, true},   // 30 MP: the kept target needed 3121 MB
           {6928, 5196, true},   // 36 MP
           {8192, 5464, true},   // 45 MP
           {8660, 5773, true},   // 50 MP
       }) {
    const auto [plan, o] = last_stage(w, h);
    std::printf("%d x %d: %d tiles of %d px, content target %s, %.0f MB planned\n", w, h, plan.grid.count(),
                plan.grid.tile, plan.content_recomputed ? "recomputed" : "kept",
                static_cast<double>(plan.state_bytes + plan.tile_bytes) / (1 << 20));
    EXPECT_TRUE(plan.tiled) << w << "x" << h;
    EXPECT_EQ(plan.content_recomputed, recomputed) << w << "x" << h;
    EXPECT_LE(plan.state_bytes + plan.tile_bytes, budget) << w << "x" << h;
    // The work it counts: a forward pass more per tile when recomputed.
    const double regions = plan.grid.region_pixels() / (static_cast<double>(w) * h);
    EXPECT_NEAR(tiled_work_factor(w, h, o, 6), regions * (recomputed ? 5.0 : 4.0) / 3, 1e-9) << w << "x" << h;
    // Forced either way, the same tiles or a refusal; the automatic choice
    // is the one with less work.
    Options kept = o, again = o;
    kept.content_target = ContentTarget::kept;
    again.content_target = ContentTarget::recomputed;
    const ScalePlan r = plan_scale(w, h, again);
    EXPECT_TRUE(r.content_recomputed);
    if (recomputed) {
      EXPECT_EQ(r.grid.tile, plan.grid.tile);
    } else {
      EXPECT_EQ(plan_scale(w, h, kept).grid.tile, plan.grid.tile);
      EXPECT_LE(tiled_work_factor(w, h, kept, 6), tiled_work_factor(w, h, again, 6));
    }
  }
  // 30 MP with the target kept: refused, and the budget it names works.
  const auto [plan30, o30] = last_stage(6325, 4744);
  Options kept = o30;
  kept.content_target = ContentTarget::kept;
  try {
    plan_scale(6325, 4744, kept);
    FAIL() << "30 MP fitted with the content target kept";
  } catch (const MemoryBudgetTooSmall& e) {
    EXPECT_GT(e.needed_mb(), kept.memory_budget_mb);
    kept.memory_budget_mb = e.needed_mb();
    EXPECT_NO_THROW(plan_scale(6325, 4744, kept));
  }
  // An explicit tile: recomputed only where keeping would pass the budget.
  Options tile = o30;
  tile.tile_size = 400;
  EXPECT_TRUE(plan_scale(6325, 4744, tile).content_recomputed);
  EXPECT_FALSE(plan_scale(4000, 3000, tile).content_recomputed);
  // Far above, refused with what it would need.
  try {
    last_stage(12000, 8000);
    FAIL() << "96 MP fitted the automatic budget";
  } catch (const MemoryBudgetTooSmall& e) {
    EXPECT_GT(e.needed_mb(), job.memory_budget_mb);
  }
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
  options.memory_budget_mb = 100;  // below any tile
  EXPECT_THROW(validate_job(content, styles, options), InvalidArgument);
  // 0 is automatic: the CPU's budget when planning without a device.
  options.memory_budget_mb = 0;
  EXPECT_NO_THROW(validate_job(content, styles, options));
  Options cpu = options;
  cpu.memory_budget_mb = default_cpu_memory_budget_mb;
  EXPECT_EQ(plan_scale(4000, 3000, options).grid.tile, plan_scale(4000, 3000, cpu).grid.tile);
}

namespace {

class TiledRun : public ::testing::Test {
 protected:
  static Stylizer& stylizer() { return generated_weights_stylizer(); }
  static Stylizer& float64_stylizer() { return float64_generated_weights_stylizer(); }
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

// The differences between two results of the 181 x 97 test image, in levels:
// over all values, the worst 8 x 8 block, and near the tile edges of `grid`
// (within 4 px of an edge between two interiors) against elsewhere.
struct Difference {
  double mean = 0, worst_block = 0, near_edges = 0, elsewhere = 0;
  std::size_t above_a_hundredth = 0;  // values more than 0.01 level apart
};

Difference compare(const Image& a, const Image& b, const TileGrid& grid) {
  Difference d;
  const auto near_edge = [&](int v, int count) {
    for (int k = 1; k < count; ++k) {
      if (std::abs(v - k * grid.tile) < 4 || std::abs(v + 1 - k * grid.tile) < 4) return true;
    }
    return false;
  };
  double near_sum = 0, other_sum = 0;
  std::size_t near_count = 0, other_count = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      const bool edge = near_edge(x, grid.columns) || near_edge(y, grid.rows);
      for (int c = 0; c < 3; ++c) {
        const double v = 255 * std::fabs(a.pixel(x, y)[c] - b.pixel(x, y)[c]);
        d.mean += v;
        d.above_a_hundredth += v > 0.01;
        (edge ? near_sum : other_sum) += v;
        ++(edge ? near_count : other_count);
      }
    }
  }
  d.mean /= static_cast<double>(a.rgb.size());
  d.near_edges = near_sum / static_cast<double>(near_count);
  d.elsewhere = other_sum / static_cast<double>(other_count);
  for (int by = 0; by + 8 <= a.height; by += 4) {
    for (int bx = 0; bx + 8 <= a.width; bx += 4) {
      double block = 0;
      for (int y = by; y < by + 8; ++y)
        for (int x = bx; x < bx + 8; ++x)
          for (int c = 0; c < 3; ++c) block += std::fabs(a.pixel(x, y)[c] - b.pixel(x, y)[c]);
      d.worst_block = std::max(d.worst_block, 255 * block / (8 * 8 * 3));
    }
  }
  return d;
}

}  // namespace

// One Adam step moves each value by the learning rate in the direction of
// its gradient, which tiling gives to float32 rounding: the two results are
// the same to a hundredth of a level.
TEST_F(TiledRun, OneIterationIsTheUntiledIteration) {
  Options untiled = adam(1), tiled = adam(1);
  tiled.tile_size = 80;
  const Image a = stylizer().run(content, styles, untiled);
  const Image b = stylizer().run(content, styles, tiled);
  const Difference d = compare(a, b, make_tile_grid(a.width, a.height, conv5_1, 80));
  std::printf("one iteration: mean difference %.3g levels, %zu of %zu values more than 0.01 level apart\n", d.mean,
              d.above_a_hundredth, a.rgb.size());
  // A value whose gradient is within rounding of zero may step either way.
  EXPECT_LE(d.above_a_hundredth, 5u);
  EXPECT_LT(d.worst_block, 0.01);
}

// A whole run in tiles is the untiled run. In float32 that holds for one
// iteration only (above): the network is piecewise linear, and where a ReLU
// or a max-pooling choice sits on its edge, a rounding difference of 1e-6
// switches the gradient of a few values, which Adam then steps by up to its
// learning rate; after 4 iterations a few percent of the values differ by a
// level or more, from tiling or from any other change of summation order
// (docs/full-resolution.md). In float64 nothing sits that close to an edge,
// so the runs agree to the float32 rounding of the result, and any error of
// tiling shows (a halo one pooling cell too small: 59 levels). float64 is
// slow, so this run is small and goes to conv3_1 (the float64 gradient tests
// above cover conv5_1), in 4 x 3 tiles.
TEST_F(TiledRun, WholeResultEqualsTheUntiledResult) {
  const Image small = make_content_image(120, 72);
  const std::vector<StyleImage> style = {{make_style_image(64, 64), 1.0}};
  Options untiled = adam(3);
  untiled.content_layer = "conv3_1";
  untiled.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 1.0}, {"conv3_1", 1.0}};
  // With either kind of Grams (TileGrams), the tiled run is the untiled
  // run that takes the same kind.
  Image results[2];
  for (TileGrams grams : {TileGrams::current, TileGrams::previous}) {
    const bool previous = grams == TileGrams::previous;
    Options tiled = untiled;
    tiled.tile_size = 32;
    untiled.tile_grams = grams;
    tiled.tile_grams = grams;
    const Image a = float64_stylizer().run(small, style, untiled);
    int tile_calls = 0;
    const Image b = float64_stylizer().run(small, style, tiled, [&](const Progress& p) {
      tile_calls += p.tile > 0;
      return true;
    });
    // 12 tiles: two passes each iteration, or in the first only.
    EXPECT_EQ(tile_calls, previous ? 2 * 12 + 2 * 12 : 3 * 2 * 12);
    ASSERT_EQ(a.rgb.size(), b.rgb.size());
    double moved = 0, largest = 0;
    for (std::size_t i = 0; i < a.rgb.size(); ++i) {
      moved += 255 * std::fabs(a.rgb[i] - small.rgb[i]);
      largest = std::max(largest, 255.0 * std::fabs(a.rgb[i] - b.rgb[i]));
    }
    moved /= static_cast<double>(a.rgb.size());
    std::printf("float64, %s Grams, tiled vs untiled: largest difference %.3g levels; the run moved values by %.3g\n",
                previous ? "previous" : "current", largest, moved);
    EXPECT_GT(moved, 5);  // the run did something
    EXPECT_LT(largest, 1e-3);
    results[previous] = b;
  }
  // The two kinds of Grams are different runs (from the second iteration).
  double apart = 0;
  for (std::size_t i = 0; i < results[0].rgb.size(); ++i)
    apart += 255 * std::fabs(results[0].rgb[i] - results[1].rgb[i]);
  apart /= static_cast<double>(results[0].rgb.size());
  std::printf("current vs previous Grams: %.3g levels apart on average\n", apart);
  EXPECT_GT(apart, 1e-3);
}

// A run whose tiled scale recomputes its content target is the run that
// keeps it (the same values, summed in the same order, even in float32);
// the plan's choice reaches the objective (the content's passes).
TEST_F(TiledRun, ARecomputedContentTargetGivesTheKeptTargetsResult) {
  const Image small = make_content_image(120, 72);
  const std::vector<StyleImage> style = {{make_style_image(64, 64), 1.0}};
  Options o = adam(2);
  o.content_layer = "conv3_1";
  o.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 1.0}, {"conv3_1", 1.0}};
  o.tile_size = 32;  // 4 x 3 tiles
  Image results[2];
  int passes[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    o.content_target = k == 0 ? ContentTarget::kept : ContentTarget::recomputed;
    test_hooks::before_network_pass = [&](int, int) { ++passes[k]; };
    results[k] = stylizer().run(small, style, o);
    test_hooks::before_network_pass = nullptr;
  }
  // Two iterations of two passes over 12 tiles; recomputed, the content's
  // pass of each tile in each iteration instead of its 12 passes once.
  EXPECT_EQ(passes[1] - passes[0], 2 * 12 - 12);
  double largest = 0;
  for (std::size_t i = 0; i < results[0].rgb.size(); ++i)
    largest = std::max(largest, 255.0 * std::fabs(results[0].rgb[i] - results[1].rgb[i]));
  EXPECT_LT(largest, 1e-4) << "levels";
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
  // Each iteration passes twice over the 6 tiles (with the previous
  // iteration's Grams, the first only), each ending with its losses.
  for (TileGrams grams : {TileGrams::current, TileGrams::previous}) {
    o.tile_grams = grams;
    seen.clear();
    stylizer().run(content, styles, o, [&](const Progress& p) {
      seen.emplace_back(p.tile, p.tiles);
      return true;
    });
    std::vector<std::pair<int, int>> expected;
    for (int it = 1; it <= 3; ++it) {
      const int steps = it == 1 || grams == TileGrams::current ? 12 : 6;
      for (int t = 1; t <= steps; ++t) expected.emplace_back(t, steps);
      expected.emplace_back(0, 0);
    }
    EXPECT_EQ(seen, expected) << (grams == TileGrams::current ? "current" : "previous") << " Grams";
  }
}

TEST(DetailStages, ATiledIterationsWorkCountsTheRegionsAndItsPasses) {
  Options o;
  o.memory_budget_mb = default_cpu_memory_budget_mb;
  const ScalePlan plan = plan_scale(4000, 3000, o);
  ASSERT_TRUE(plan.tiled);
  const double regions = plan.grid.region_pixels() / (4000.0 * 3000);
  EXPECT_GT(regions, 1.2);  // the halos
  // The Grams' pass in every iteration, or (previous Grams) in the first of 6.
  EXPECT_NEAR(tiled_work_factor(4000, 3000, o, 6), regions * 4 / 3, 1e-9);
  o.tile_grams = TileGrams::previous;
  EXPECT_NEAR(tiled_work_factor(4000, 3000, o, 6), regions * (1 + 1.0 / 18), 1e-9);
  // Whole: the pixels and the margin, one pass.
  EXPECT_NEAR(tiled_work_factor(512, 384, o, 6), 544.0 * 416 / (512 * 384), 1e-9);
}

TEST(DetailStages, AboveTheDetailSizeEachLevelIsADetailStage) {
  Options o;
  o.multiscale.enabled = true;
  o.iterations = 40;
  const auto s = multiscale_schedule(4000, 3000, o, 16);
  ASSERT_EQ(s.size(), 6u);
  // The working size is High's, 1024 px; the detail stages divide the
  // rest, 3.9x, into two equal ratios of 1.98.
  const std::vector<std::tuple<int, int, int>> expected = {{128, 96, 320},  {256, 192, 160}, {512, 384, 80},
                                                           {1024, 768, 40}, {2024, 1518, 6}, {4000, 3000, 6}};
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(std::tuple(s[i].width, s[i].height, s[i].iterations), expected[i]) << "level " << i;
  }
  // The working size still runs whole (with Adam) at the CPU's automatic
  // budget: one pass an iteration, not tiles' two.
  Options budget = scale_options(o, s[3]);
  budget.memory_budget_mb = default_cpu_memory_budget_mb;
  const ScalePlan working = plan_scale(s[3].width, s[3].height, budget);
  EXPECT_FALSE(working.tiled);
  EXPECT_LE(working.state_bytes + working.tile_bytes, std::uint64_t(budget.memory_budget_mb) << 20);
  // At or below the detail size nothing changes: `iterations` at the final size.
  const auto high = multiscale_schedule(1024, 768, o, 16);
  EXPECT_EQ(high.back().width, 1024);
  EXPECT_EQ(high.back().iterations, 40);
  EXPECT_EQ(high.front().iterations, 40 * 2 * 2 * 2);
}

TEST(DetailStages, AnyImageAboveTheDetailSizeIsSolvedAtItFirst) {
  Options o;
  o.multiscale.enabled = true;
  o.iterations = 40;
  // Sizes where halving from the final size would have left the working
  // size at 550-750 px: a 1280 px photo, 1100 px, 2100 px, 20 and 24 MP.
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{
           {1280, 595}, {1100, 825}, {2100, 1400}, {5472, 3648}, {6000, 4000}, {3000, 4000}}) {
    const auto s = multiscale_schedule(w, h, o, 16);
    std::size_t working = 0;
    while (working < s.size() && !s[working].detail) ++working;
    ASSERT_GT(working, 0u) << w << "x" << h;
    ASSERT_LT(working, s.size()) << w << "x" << h;
    --working;  // the last level before the detail stages
    EXPECT_EQ(std::max(s[working].width, s[working].height), 1024) << w << "x" << h;
    EXPECT_EQ(s[working].iterations, 40) << w << "x" << h;
    EXPECT_EQ(std::tuple(s.back().width, s.back().height), std::tuple(w, h));
    // Each detail stage enlarges by the same ratio, at most the factor.
    double first_ratio = 0;
    for (std::size_t i = working + 1; i < s.size(); ++i) {
      EXPECT_TRUE(s[i].detail);
      EXPECT_EQ(s[i].iterations, o.multiscale.detail_iterations);
      const double ratio =
          static_cast<double>(std::max(s[i].width, s[i].height)) / std::max(s[i - 1].width, s[i - 1].height);
      EXPECT_GT(ratio, 1.0) << w << "x" << h << " level " << i;
      EXPECT_LE(ratio, o.multiscale.factor + 1e-3) << w << "x" << h << " level " << i;
      if (first_ratio == 0) first_ratio = ratio;
      EXPECT_NEAR(ratio, first_ratio, 2e-3) << w << "x" << h << " level " << i;
    }
    // Below the working size, High's own ladder.
    for (std::size_t i = 0; i < working; ++i) EXPECT_FALSE(s[i].detail);
  }
  // 1280 px: High's 1024 px solve, then one detail stage at the photo's size.
  const auto photo = multiscale_schedule(1280, 595, o, 16);
  ASSERT_GE(photo.size(), 2u);
  EXPECT_EQ(std::tuple(photo[photo.size() - 2].width, photo[photo.size() - 2].height), std::tuple(1024, 476));
  // A strip too thin for min_side at the detail size works where its short
  // side is usable: 4000 x 20 at min_side 16 at 3200 x 16, whole.
  const auto strip = multiscale_schedule(4000, 20, o, 16);
  ASSERT_EQ(strip.size(), 2u);
  EXPECT_EQ(std::tuple(strip[0].width, strip[0].height, strip[0].detail), std::tuple(3200, 16, false));
  EXPECT_TRUE(strip[1].detail);
}

TEST(DetailStages, RunWithTheJobsLayersDownToTheDetailLayer) {
  Options job;  // conv4_2 content, conv1_1-conv5_1 style, detail layer conv3_1
  const Options detail = detail_stage_options(job);
  ASSERT_EQ(detail.style_layers.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(detail.style_layers[i].layer, job.style_layers[i].layer);
    EXPECT_EQ(detail.style_layers[i].weight, job.style_layers[i].weight);  // not renormalised
  }
  EXPECT_EQ(detail.content_layer, "conv3_1");
  EXPECT_EQ(detail.style_weight, job.style_weight);
  EXPECT_EQ(deepest_layer(detail), vgg19_layer_index("conv3_1"));
  EXPECT_EQ(tile_halo(deepest_layer(detail)), 12);  // against 80 at conv5_1
  // A few image Adam steps of its own size, whole or tiled, whatever the
  // job's optimiser: L-BFGS's first step from the carried-up image
  // overshoots. MultiscaleOptions::detail_optimizer chooses another.
  EXPECT_EQ(job.optimizer, OptimizerKind::lbfgs);
  EXPECT_EQ(detail.optimizer, OptimizerKind::image_adam);
  EXPECT_EQ(detail.learning_rate, job.multiscale.detail_learning_rate);
  job.multiscale.detail_optimizer = OptimizerKind::adam;
  EXPECT_EQ(detail_stage_options(job).optimizer, OptimizerKind::adam);
  job.multiscale.detail_optimizer = OptimizerKind::image_adam;

  // A content layer already that shallow stays.
  job.content_layer = "conv2_2";
  EXPECT_EQ(detail_stage_options(job).content_layer, "conv2_2");
  // Empty: the job's own layers.
  job.multiscale.detail_layer = "";
  EXPECT_EQ(detail_stage_options(job).style_layers.size(), 5u);
  EXPECT_EQ(detail_stage_options(job).content_layer, "conv2_2");
  EXPECT_EQ(detail_stage_options(job).optimizer, OptimizerKind::image_adam);
  // No style layer that shallow: the job's own rather than no style at all.
  job.multiscale.detail_layer = "conv2_1";
  job.style_layers = {{"conv4_1", 1.0}, {"conv5_1", 1.0}};
  EXPECT_EQ(detail_stage_options(job).style_layers.size(), 2u);
  EXPECT_EQ(deepest_layer(detail_stage_options(job)), conv5_1);
}

TEST(DetailStages, OnlyDetailStagesAreMarkedAndTheirWorkCountsTheShallowerPass) {
  Options o;
  o.multiscale.enabled = true;
  o.iterations = 40;
  const auto s = multiscale_schedule(4000, 3000, o, 16);
  ASSERT_EQ(s.size(), 6u);
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s[i].detail, i >= 4) << "level " << i;
  EXPECT_EQ(scale_options(o, s[3]).content_layer, "conv4_2");
  EXPECT_EQ(scale_options(o, s[5]).content_layer, "conv3_1");
  const Options detail = detail_stage_options(o);
  const double share =
      vgg19_conv_flops(1024, 1024, vgg19_layer_index("conv3_1")) / vgg19_conv_flops(1024, 1024, conv5_1);
  EXPECT_GT(share, 0.25);
  EXPECT_LT(share, 0.4);
  EXPECT_NEAR(s[5].work_factor, tiled_work_factor(4000, 3000, detail, 6) * share, 1e-12);
  // The whole working scale is the job's own pass.
  EXPECT_NEAR(s[3].work_factor, tiled_work_factor(1024, 768, o, 40), 1e-12);
  // With the job's own layers the detail stages cost several times as much:
  // the whole pass, and the wider halo of more, smaller tiles.
  o.multiscale.detail_layer = "";
  const auto own = multiscale_schedule(4000, 3000, o, 16);
  EXPECT_GT(own[5].work_factor, 3 * s[5].work_factor);
  // A host may ask for the schedule (a time estimate) before validate_job()
  // has refused a layer name: it gets one, as from tiled_work_factor().
  o.multiscale.detail_layer = "conv3_9";
  EXPECT_EQ(multiscale_schedule(4000, 3000, o, 16).size(), 6u);
  o.multiscale.detail_layer = "conv3_1";
  o.content_layer = "conv9_9";
  EXPECT_EQ(multiscale_schedule(4000, 3000, o, 16).size(), 6u);
}

TEST(DetailStages, AnUnknownDetailLayerIsRefusedNamingTheSetting) {
  Options o;
  o.multiscale.enabled = true;
  o.multiscale.detail_layer = "conv3_9";
  try {
    validate_job(make_content_image(64, 48), {{make_style_image(64, 64), 1.0}}, o);
    FAIL() << "accepted";
  } catch (const InvalidArgument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("detail stages' deepest layer"), std::string::npos) << m;
    EXPECT_NE(m.find("conv3_9"), std::string::npos) << m;
    EXPECT_NE(m.find("conv3_1"), std::string::npos) << m;  // the valid names
  }
}

TEST(DetailStages, ALearningRateThatCannotWorkIsRefusedNamingTheSetting) {
  Options o;
  o.multiscale.enabled = true;
  for (double rate : {0.0, -1.0, 300.0, std::nan("")}) {
    o.multiscale.detail_learning_rate = rate;
    try {
      validate_job(make_content_image(64, 48), {{make_style_image(64, 64), 1.0}}, o);
      FAIL() << "accepted " << rate;
    } catch (const InvalidArgument& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find("detail stages' learning rate"), std::string::npos) << m;
      EXPECT_NE(m.find("(0, 255]"), std::string::npos) << m;
    }
  }
}

// 64 x 48 coarse to fine with detail stages above 32 px: 32 x 24 at the
// working size, then 64 x 48 as a detail stage.
static Options tiny_detail_job() {
  Options o;
  o.size = 64;
  o.iterations = 2;
  o.multiscale.enabled = true;
  o.multiscale.start_size = 32;
  o.multiscale.detail_size = 32;
  return o;
}

// The moves of one detail iteration from the stage's start (the run with
// no detail iteration), in levels, for the detail optimiser and rate.
static std::vector<double> first_detail_moves(OptimizerKind optimizer, double rate) {
  Options o = tiny_detail_job();
  o.multiscale.detail_optimizer = optimizer;
  o.multiscale.detail_learning_rate = rate;
  const auto run = [&](int iterations) {
    o.multiscale.detail_iterations = iterations;
    return generated_weights_stylizer().run(make_content_image(64, 48), {{make_style_image(64, 64), 1.0}}, o);
  };
  const Image start = run(0), moved = run(1);
  EXPECT_EQ(moved.rgb.size(), start.rgb.size());
  std::vector<double> moves;
  for (std::size_t i = 0; i < start.rgb.size() && i < moved.rgb.size(); ++i) {
    moves.push_back(std::fabs(moved.rgb[i] - start.rgb[i]) * 255.0);
  }
  return moves;
}

TEST(DetailStages, AdamsFirstStepMovesEachPixelByTheDetailLearningRateAtMost) {
  // Adam's first step is the learning rate times the gradient's sign at
  // every pixel: no pixel moves further than it, and most by that much.
  // L-BFGS's first step, or Adam at another rate, would not.
  for (double rate : {3.0, 0.5}) {
    const std::vector<double> moves = first_detail_moves(OptimizerKind::adam, rate);
    ASSERT_FALSE(moves.empty());
    const double largest = *std::max_element(moves.begin(), moves.end());
    const auto at_rate = std::count_if(moves.begin(), moves.end(), [&](double d) { return d > 0.9 * rate; });
    EXPECT_LE(largest, rate * 1.001 + 1e-3) << "rate " << rate;
    EXPECT_GT(at_rate, static_cast<long>(moves.size() / 2)) << "rate " << rate;
  }
}

TEST(DetailStages, ImageAdamsFirstStepMovesTheImageByTheRateAsARootMeanSquare) {
  // The default detail step: the gradient scaled by one factor, so the
  // moves' root mean square is the rate (the clamp to 0-255 can only take
  // some off) and they differ from pixel to pixel, some well beyond the
  // rate, many far below it, where Adam's are all about the rate.
  for (double rate : {3.0, 0.5}) {
    const std::vector<double> moves = first_detail_moves(OptimizerKind::image_adam, rate);
    ASSERT_FALSE(moves.empty());
    double square = 0;
    for (double d : moves) square += d * d;
    const double rms = std::sqrt(square / static_cast<double>(moves.size()));
    EXPECT_LE(rms, rate * 1.01) << "rate " << rate;
    EXPECT_GE(rms, rate * 0.8) << "rate " << rate;
    const auto beyond = std::count_if(moves.begin(), moves.end(), [&](double d) { return d > 1.5 * rate; });
    const auto below = std::count_if(moves.begin(), moves.end(), [&](double d) { return d < 0.5 * rate; });
    EXPECT_GT(beyond, 0) << "rate " << rate;
    EXPECT_GT(below, static_cast<long>(moves.size() / 10)) << "rate " << rate;
  }
}

TEST(DetailStages, ADetailStagesPassesReadTheShallowerLayersMargin) {
  // 64 x 48 with detail stages above 32 px: 32 x 24 at the working size,
  // then 64 x 48 as a detail stage. An image is mirrored at most the halo of
  // the deepest layer used beyond its edges: 16 px (the default margin)
  // with the job's conv5_1, 12 px with the detail stage's conv3_1.
  Options o = tiny_detail_job();
  o.multiscale.detail_iterations = 2;
  for (const std::string layer : {"conv3_1", ""}) {
    o.multiscale.detail_layer = layer;
    std::set<std::pair<int, int>> regions;
    test_hooks::before_network_pass = [&](int width, int height) { regions.insert({width, height}); };
    const Image result =
        generated_weights_stylizer().run(make_content_image(64, 48), {{make_style_image(64, 64), 1.0}}, o);
    test_hooks::before_network_pass = nullptr;
    EXPECT_EQ(result.width, 64);
    const int margin = layer.empty() ? 16 : 12, other = layer.empty() ? 12 : 16;
    EXPECT_EQ(regions.count({64 + 2 * margin, 48 + 2 * margin}), 1u) << "detail layer \"" << layer << "\"";
    EXPECT_EQ(regions.count({64 + 2 * other, 48 + 2 * other}), 0u) << "detail layer \"" << layer << "\"";
    EXPECT_EQ(regions.count({32 + 32, 24 + 32}), 1u) << "the working scale, with the job's layers";
  }
}

// The automatic CPU budget is what 4 GB leaves beside the pixels the caller
// holds through the job, so that the process stays within 4 GB whatever the
// photo's and the painting's size.
TEST(AutomaticCpuBudget, TheCallersPixelsComeOutOfTheProcesssFourGigabytes) {
  Options o;
  o.multiscale.enabled = true;
  o.size = 0;
  const auto mb = [](double w, double h) { return w * h * 12 / (1 << 20); };
  // Up to 30 MP with a painting of a few megapixels, the whole default.
  for (const ImageSize photo : {ImageSize{4000, 3000}, ImageSize{5657, 4243}, ImageSize{6325, 4744}}) {
    EXPECT_EQ(automatic_cpu_budget_mb(photo, {{1200, 900}}, o), default_cpu_memory_budget_mb) << photo.width;
  }
  // Above, every byte of them comes out of it.
  const int photo = automatic_cpu_budget_mb({8660, 5773}, {}, o);
  EXPECT_NEAR(photo, cpu_process_memory_mb - cpu_process_overhead_mb - mb(8660, 5773), 1);
  // A painting the caller holds no longer than the job uses it counts once;
  // one given longer counts as given and as the engine's copy at the size
  // the job uses it (fit_style_image()).
  EXPECT_NEAR(automatic_cpu_budget_mb({8660, 5773}, {{6000, 4000}}, o), photo - mb(6000, 4000), 1);
  EXPECT_NEAR(automatic_cpu_budget_mb({8660, 5773}, {{12000, 8000}}, o), photo - mb(12000, 8000) - mb(8660, 5773), 1);
  EXPECT_NEAR(automatic_cpu_budget_mb({8660, 5773}, {{6000, 4000}, {1000, 800}}, o),
              photo - mb(6000, 4000) - mb(1000, 800), 1);
  // An init image is the caller's too.
  o.init_image = Image(3000, 2000);
  EXPECT_NEAR(automatic_cpu_budget_mb({8660, 5773}, {}, o), photo - mb(3000, 2000), 1);
  // And never below the smallest budget a plan can say "too small" about.
  EXPECT_EQ(automatic_cpu_budget_mb({16384, 16384}, {{16384, 16384}}, o), 256);
}

TEST(PlanJob, APaintingThatLeavesTooLittleIsRefusedBeforeAnyWork) {
  Options o;
  o.multiscale.enabled = true;
  o.size = 0;
  // A 50 MP photo at its own size fits with a painting of a few megapixels,
  EXPECT_NO_THROW(plan_job({8660, 5773}, {{1200, 900}}, o));
  // but not beside a painting as large as itself.
  const std::vector<ImageSize> scan = {{8660, 5773}};
  try {
    plan_job({8660, 5773}, scan, o);
    ADD_FAILURE() << "planned";
  } catch (const MemoryBudgetTooSmall& e) {
    EXPECT_EQ(e.budget_mb(), automatic_cpu_budget_mb({8660, 5773}, scan, o));
    EXPECT_EQ(std::pair(e.width(), e.height()), std::pair(8660, 5773));
  }
  // A budget the user gives is theirs.
  o.memory_budget_mb = default_cpu_memory_budget_mb;
  EXPECT_NO_THROW(plan_job({8660, 5773}, scan, o));
}
