// Layer names, feature shapes, pooling, and the depth the network runs to.
#include <gtest/gtest.h>

#include "neural_style/stylizer.h"
#include "support/test_weights.h"
#include "vgg19.h"
#include "vgg19_layers.h"
#include "weights_loader.h"

using namespace neural_style;

namespace {

Vgg19 loaded_network() {
  Vgg19 net;
  net.load(load_vgg19_weights(test_support::generated_weights_file(), InputConvention::automatic));
  return net;
}

}  // namespace

TEST(Vgg19, LayerNamesInOrder) {
  const std::vector<std::string> expected = {"conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2",
                                             "conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4",
                                             "conv5_1", "conv5_2", "conv5_3", "conv5_4"};
  EXPECT_EQ(vgg19_layer_names(), expected);
  EXPECT_EQ(vgg19_layer_index("conv4_2"), 9);
  try {
    vgg19_layer_index("relu4_2");
    FAIL() << "no error for an unknown layer";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("relu4_2"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("conv5_4"), std::string::npos);
  }
}

TEST(Vgg19, FeatureShapes) {
  Vgg19 net = loaded_network();
  torch::NoGradGuard no_grad;
  const auto input = torch::randn({1, 3, 48, 64});
  const std::vector<int> layers = {vgg19_layer_index("conv1_1"), vgg19_layer_index("conv2_1"),
                                   vgg19_layer_index("conv3_1"), vgg19_layer_index("conv4_2"),
                                   vgg19_layer_index("conv5_1"), vgg19_layer_index("conv5_4")};
  const auto f = net.forward(input, layers, Pooling::max);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].sizes(), (std::vector<std::int64_t>{1, 64, 48, 64}));
  EXPECT_EQ(f[1].sizes(), (std::vector<std::int64_t>{1, 128, 24, 32}));
  EXPECT_EQ(f[2].sizes(), (std::vector<std::int64_t>{1, 256, 12, 16}));
  EXPECT_EQ(f[3].sizes(), (std::vector<std::int64_t>{1, 512, 6, 8}));
  EXPECT_EQ(f[4].sizes(), (std::vector<std::int64_t>{1, 512, 3, 4}));
  EXPECT_EQ(f[5].sizes(), (std::vector<std::int64_t>{1, 512, 3, 4}));
  // ReLU outputs.
  EXPECT_GE(f[0].min().item<float>(), 0.0f);
  EXPECT_GT(f[4].max().item<float>(), 0.0f);
}

TEST(Vgg19, LayoutAndPrecisionAreApplied) {
  torch::NoGradGuard no_grad;
  const auto input = torch::rand({1, 3, 32, 32}) * 100;
  const std::vector<int> layers = {vgg19_layer_index("conv1_1"), vgg19_layer_index("conv3_1")};
  Vgg19 plain = loaded_network(), last = loaded_network(), half = loaded_network();
  last.set_layout(torch::kFloat32, true);
  half.set_layout(torch::kBFloat16, true);
  const auto fp = plain.forward(input, layers, Pooling::max);
  const auto fl = last.forward(input, layers, Pooling::max);
  const auto fh = half.forward(input, layers, Pooling::max);
  for (std::size_t k = 0; k < layers.size(); ++k) {
    EXPECT_TRUE(fp[k].is_contiguous());
    EXPECT_FALSE(fl[k].is_contiguous()) << "channels-last features";
    EXPECT_TRUE(fl[k].is_contiguous(c10::MemoryFormat::ChannelsLast));
    EXPECT_TRUE(torch::allclose(fp[k], fl[k], 1e-4, 1e-3));
    EXPECT_EQ(fh[k].scalar_type(), torch::kFloat32) << "16-bit features come back as float32";
    // bfloat16 keeps 8 significant bits: close, but not the float32 numbers.
    const double rel = ((fh[k] - fp[k]).norm() / fp[k].norm()).item<double>();
    EXPECT_GT(rel, 1e-6);
    EXPECT_LT(rel, 0.05);
  }
}

TEST(Vgg19, AveragePoolingDiffersFromMax) {
  Vgg19 net = loaded_network();
  torch::NoGradGuard no_grad;
  const auto input = torch::randn({1, 3, 32, 32});
  const std::vector<int> layer = {vgg19_layer_index("conv2_1")};
  const auto max = net.forward(input, layer, Pooling::max)[0];
  const auto avg = net.forward(input, layer, Pooling::average)[0];
  EXPECT_EQ(max.sizes(), avg.sizes());
  EXPECT_GT((max - avg).abs().max().item<float>(), 1e-3f);
}

TEST(Vgg19, RunsOnlyAsDeepAsNeeded) {
  // A 1x1 input cannot be pooled: it works only if nothing past conv1_2 runs.
  Vgg19 net = loaded_network();
  torch::NoGradGuard no_grad;
  const auto f = net.forward(torch::randn({1, 3, 1, 1}), {vgg19_layer_index("conv1_2")}, Pooling::max);
  EXPECT_EQ(f[0].sizes(), (std::vector<std::int64_t>{1, 64, 1, 1}));
}
