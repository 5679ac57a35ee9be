// The engine's speed settings change no result beyond rounding: channels-last
// layout, the CPU Gram matrix as a 1x1 convolution, 16-bit arithmetic; and the
// pieces the benchmark relies on (FLOP count, multiscale schedule).
#include <gtest/gtest.h>

#include "losses.h"
#include "neural_style/multiscale.h"
#include "neural_style/neural_style.h"
#include "support/test_images.h"
#include "support/test_weights.h"
#include "vgg19_layers.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

NetworkOptions cpu_network() {
  NetworkOptions n;
  n.weights_path = generated_weights_file();
  n.device = DeviceKind::cpu;
  static const bool configured = (configure_process(n), true);  // every core, once
  (void)configured;
  return n;
}

double relative_difference(double a, double b) {
  return std::abs(a - b) / std::max(std::abs(a), std::abs(b));
}

}  // namespace

TEST(Vgg19Flops, CountsEachConvolutionAtItsBlocksSize) {
  // conv1_1 (3->64) and conv1_2 (64->64) at 33x33, then conv2_1 (64->128)
  // at 16x16 after the pooling rounds down.
  const double c11 = 2.0 * 33 * 33 * 64 * 3 * 9, c12 = 2.0 * 33 * 33 * 64 * 64 * 9, c21 = 2.0 * 16 * 16 * 128 * 64 * 9;
  EXPECT_DOUBLE_EQ(vgg19_conv_flops(33, 33, 0), c11);
  EXPECT_DOUBLE_EQ(vgg19_conv_flops(33, 33, 1), c11 + c12);
  EXPECT_DOUBLE_EQ(vgg19_conv_flops(33, 33, 2), c11 + c12 + c21);
  // The whole convolutional VGG19 at 224x224 is the well-known ~19.6 GMAC.
  EXPECT_NEAR(vgg19_conv_flops(224, 224, 15) / 2e9, 19.6, 0.1);
}

TEST(MultiscaleSchedule, CoarserLevelsGetFactorTimesTheIterations) {
  Options o;
  o.iterations = 50;
  o.multiscale.enabled = true;
  o.multiscale.start_size = 128;
  o.mirror_margin = 0;  // the pixels alone (the margin's share is tested with work_factor)
  const auto s = multiscale_schedule(512, 384, o, 16);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].width, 128);
  EXPECT_EQ(s[0].height, 96);
  EXPECT_EQ(s[0].iterations, 200);
  EXPECT_EQ(s[1].width, 256);
  EXPECT_EQ(s[1].iterations, 100);
  EXPECT_EQ(s[2].width, 512);
  EXPECT_EQ(s[2].iterations, 50);
  // Pixel-iterations: the whole ladder costs less than twice the final level.
  EXPECT_LT(schedule_cost(s), 2.0 * 512 * 384 * 50);
  // The network also reads each level's mirrored margin (16 px a side).
  Options with_margin = o;
  with_margin.mirror_margin = 16;
  EXPECT_NEAR(multiscale_schedule(512, 384, with_margin, 16)[2].work_factor, 544.0 * 416 / (512.0 * 384), 1e-9);

  o.multiscale.factor = 1.5;
  const auto f = multiscale_schedule(512, 384, o, 16);
  ASSERT_EQ(f.size(), 4u);  // 512, 341, 228, 152
  EXPECT_EQ(f[2].iterations, 75);
  EXPECT_EQ(f[0].iterations, 169);  // 50 * 1.5^3 = 168.75
}

TEST(MultiscaleSchedule, FixedCoarseIterationsAndLimits) {
  Options o;
  o.iterations = 30;
  o.multiscale.enabled = true;
  o.multiscale.start_size = 64;
  o.multiscale.coarse_iterations = 7;
  const auto s = multiscale_schedule(256, 64, o, 16);
  // 128x32 is a level, 64x16 is too: the shortest side may reach min_side.
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].iterations, 7);
  EXPECT_EQ(s[0].height, 16);
  EXPECT_EQ(s[2].iterations, 30);
  EXPECT_EQ(multiscale_schedule(256, 64, o, 17).size(), 2u) << "64x16 is below a min_side of 17";
  o.multiscale.enabled = false;
  EXPECT_EQ(multiscale_schedule(256, 64, o, 16).size(), 1u);
}

TEST(MultiscaleSchedule, WorkFractionWeighsEachLevelByItsPixelIterations) {
  // 32x24 for 4 iterations, then 64x48 for 6: 3072 + 18432 = 21504
  // pixel-iterations, so the coarse level is 1/7 of the work (weighing the
  // levels 1 and 4 by their pixels alone would say 1/5).
  const std::vector<Scale> s = {{32, 24, 4}, {64, 48, 6}};
  EXPECT_DOUBLE_EQ(schedule_cost(s), 21504.0);
  EXPECT_DOUBLE_EQ(work_fraction(s, 0, 0), 0.0);
  EXPECT_DOUBLE_EQ(work_fraction(s, 0, 2), 1536.0 / 21504);
  EXPECT_DOUBLE_EQ(work_fraction(s, 0, 4), 1.0 / 7);
  EXPECT_DOUBLE_EQ(work_fraction(s, 1, 0), 1.0 / 7);
  EXPECT_DOUBLE_EQ(work_fraction(s, 1, 3), 4.0 / 7);
  EXPECT_EQ(work_fraction(s, 1, 6), 1.0) << "exactly 1 at the end";
  EXPECT_EQ(work_fraction({{64, 48, 0}}, 0, 0), 1.0) << "no work is all done";
}

TEST(GramMatrix, ChannelsLastPathEqualsTheMatrixProduct) {
  torch::manual_seed(3);
  const auto f = torch::rand({1, 24, 9, 7});
  const auto nchw = gram_matrix(f);
  const auto reference = torch::mm(f.reshape({24, -1}), f.reshape({24, -1}).t());
  EXPECT_TRUE(torch::allclose(nchw, reference, 1e-5, 1e-5));
  // The channels-last CPU path (a 1x1 convolution), with its gradient.
  auto a = f.clone().requires_grad_(true);
  auto b = f.contiguous(c10::MemoryFormat::ChannelsLast).requires_grad_(true);
  ASSERT_FALSE(b.is_contiguous());
  const auto ga = gram_matrix(a), gb = gram_matrix(b);
  EXPECT_TRUE(torch::allclose(ga, gb, 1e-4, 1e-5)) << (ga - gb).abs().max().item<double>();
  const auto weights = torch::rand({24, 24});
  (ga * weights).sum().backward();
  (gb * weights).sum().backward();
  EXPECT_TRUE(torch::allclose(a.grad(), b.grad(), 1e-4, 1e-5));
}

TEST(Layout, ChannelsLastAndNchwGiveTheSameLossesAndResults) {
  NetworkOptions last = cpu_network(), nchw = cpu_network();
  last.channels_last = true;
  nchw.channels_last = false;
  Stylizer a(last), b(nchw);
  const Image content = make_content_image(64, 48);
  const std::vector<StyleImage> styles = {{make_style_image(64, 64), 1.0}};
  Options o;
  o.size = 64;
  o.iterations = 8;
  o.learning_rate = 0.5;  // unit steps overshoot on generated weights (see test_stylizer.cpp)
  const Losses la = a.evaluate(content, styles, content, o), lb = b.evaluate(content, styles, content, o);
  EXPECT_LT(relative_difference(la.content + 1, lb.content + 1), 1e-4);
  EXPECT_LT(relative_difference(la.style, lb.style), 1e-4);
  EXPECT_LT(relative_difference(la.total, lb.total), 1e-4);
  // One step follows the gradient, which must be the same.
  Options one = o;
  one.iterations = 1;
  EXPECT_LT(mean_abs_difference(a.run(content, styles, one), b.run(content, styles, one)), 2e-3) << "[0,1] units";
  // Later L-BFGS steps amplify float32's rounding differences (a ReLU or a
  // pooling choice on its edge flips; docs/full-resolution.md): with
  // LibTorch 2.6 the two layouts' 8-iteration losses came 12 % apart. In
  // float64 the whole runs must agree.
  last.precision = nchw.precision = Precision::float64;
  Stylizer a64(last), b64(nchw);
  EXPECT_LT(mean_abs_difference(a64.run(content, styles, o), b64.run(content, styles, o)), 1e-3) << "[0,1] units";
}

TEST(Precision, Bfloat16RunsOnTheCpuCloseToFloat32) {
  // The 1 % criterion is the benchmark's, on real weights (--compare
  // precision); here: the 16-bit path computes the same objective to
  // bfloat16's 8 significant bits, and optimises it.
  NetworkOptions bf = cpu_network();
  bf.precision = Precision::bfloat16;
  Stylizer f32(cpu_network()), b16(bf);
  const Image content = make_content_image(32, 32);
  const std::vector<StyleImage> styles = {{make_style_image(32, 32), 1.0}};
  Options o;
  o.size = 32;
  o.iterations = 6;
  o.style_weight = 1e-6;                          // as in test_stylizer.cpp: the stripes' style loss is huge
  for (auto& l : o.style_layers) l.weight = 1.0;  // the balance that weight was found with
  o.mirror_margin = 0;                            // half of a 32 px image would be mirror
  o.learning_rate = 0.5;
  const Losses start = f32.evaluate(content, styles, content, o);
  const Losses start16 = b16.evaluate(content, styles, content, o);
  EXPECT_LT(relative_difference(start.style, start16.style), 0.05);
  EXPECT_LT(relative_difference(start.content + 1, start16.content + 1), 0.05);
  const double loss32 = f32.evaluate(content, styles, f32.run(content, styles, o), o).total;
  const double loss16 = f32.evaluate(content, styles, b16.run(content, styles, o), o).total;
  EXPECT_LT(loss16, start.total * 0.8) << "bfloat16 arithmetic still optimises";
  EXPECT_LT(relative_difference(loss32, loss16), 0.25);
}

TEST(Precision, Float16OnTheCpuIsRefusedWithTheAlternatives) {
  NetworkOptions n = cpu_network();
  n.precision = Precision::float16;
  try {
    Stylizer s(n);
    FAIL() << "float16 on the CPU was accepted";
  } catch (const InvalidArgument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("float16"), std::string::npos) << m;
    EXPECT_NE(m.find("GPU"), std::string::npos) << m;
    EXPECT_NE(m.find("bfloat16"), std::string::npos) << m;
  }
}
