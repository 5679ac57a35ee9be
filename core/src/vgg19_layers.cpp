#include "vgg19_layers.h"

#include <cmath>

#include "neural_style/errors.h"
#include "neural_style/stylizer.h"

namespace neural_style {

const std::vector<ConvLayer>& vgg19_conv_layers() {
  static const std::vector<ConvLayer> layers = {
      {"conv1_1", 0, 3, 64, false},     {"conv1_2", 2, 64, 64, true},     {"conv2_1", 5, 64, 128, false},
      {"conv2_2", 7, 128, 128, true},   {"conv3_1", 10, 128, 256, false}, {"conv3_2", 12, 256, 256, false},
      {"conv3_3", 14, 256, 256, false}, {"conv3_4", 16, 256, 256, true},  {"conv4_1", 19, 256, 512, false},
      {"conv4_2", 21, 512, 512, false}, {"conv4_3", 23, 512, 512, false}, {"conv4_4", 25, 512, 512, true},
      {"conv5_1", 28, 512, 512, false}, {"conv5_2", 30, 512, 512, false}, {"conv5_3", 32, 512, 512, false},
      {"conv5_4", 34, 512, 512, true},
  };
  return layers;
}

const std::vector<std::string>& vgg19_layer_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& l : vgg19_conv_layers()) n.emplace_back(l.name);
    return n;
  }();
  return names;
}

double default_style_layer_weight(const std::string& layer) {
  const double ratio = 64.0 / vgg19_conv_layers()[vgg19_layer_index(layer)].out_channels;
  return ratio * ratio;
}

int vgg19_layer_index(const std::string& name) {
  const auto& layers = vgg19_conv_layers();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (name == layers[i].name) return static_cast<int>(i);
  }
  std::string valid;
  for (const auto& l : layers) valid += std::string(valid.empty() ? "" : ", ") + l.name;
  throw InvalidArgument("Unknown VGG19 layer \"" + name + "\". Valid layers: " + valid + ".");
}

int minimum_side_for_layer(int deepest) {
  int pools = 0;
  const auto& table = vgg19_conv_layers();
  for (int i = 0; i < deepest; ++i) pools += table[i].pool_after ? 1 : 0;
  return 1 << pools;
}

double vgg19_conv_flops(int width, int height, int deepest) {
  const auto& layers = vgg19_conv_layers();
  double flops = 0.0;
  double w = width, h = height;
  for (int i = 0; i <= deepest && i < static_cast<int>(layers.size()); ++i) {
    flops += 2.0 * w * h * layers[i].out_channels * layers[i].in_channels * 9.0;
    if (layers[i].pool_after) {
      w = std::floor(w / 2);
      h = std::floor(h / 2);
    }
  }
  return flops;
}

}  // namespace neural_style
