#include "vgg19.h"

#include <algorithm>

#include "vgg19_layers.h"
#include "weights_loader.h"

namespace neural_style {

void Vgg19::load(const Vgg19Weights& weights) {
  // load_vgg19_weights has checked every shape against vgg19_conv_layers().
  weights_.clear();
  biases_.clear();
  for (std::size_t i = 0; i < weights.weights.size(); ++i) {
    weights_.push_back(weights.weights[i].detach().clone());
    biases_.push_back(weights.biases[i].detach().clone());
  }
  scales_.assign(weights_.size(), 1.0);
}

void Vgg19::to(torch::Device device) {
  for (auto& w : weights_) w = w.to(device);
  for (auto& b : biases_) b = b.to(device);
}

void Vgg19::to(torch::Dtype dtype) {
  for (auto& w : weights_) w = w.to(dtype);
  for (auto& b : biases_) b = b.to(dtype);
}

torch::Tensor Vgg19::conv_relu(const torch::Tensor& x, std::size_t i) const {
  // In-place ReLU: the conv output is not needed for the input gradient.
  return torch::conv2d(x, weights_[i], biases_[i], /*stride=*/1, /*padding=*/1).relu_();
}

std::vector<torch::Tensor> Vgg19::forward(torch::Tensor x, const std::vector<int>& layers, Pooling pooling) const {
  const int deepest = layers.empty() ? -1 : *std::max_element(layers.begin(), layers.end());
  TORCH_CHECK(deepest < static_cast<int>(weights_.size()), "VGG19 layer ", deepest, " asked for, but ", weights_.size(),
              " are loaded (load() first)");
  std::vector<torch::Tensor> out(layers.size());
  const auto& table = vgg19_conv_layers();
  // The image is 3 channels: converting it is cheap, and every later layer
  // inherits the layout and type from it.
  if (layout_set_) x = x.to(dtype_).contiguous(format_);
  for (int i = 0; i <= deepest; ++i) {
    x = conv_relu(x, i);
    for (std::size_t k = 0; k < layers.size(); ++k) {
      if (layers[k] != i) continue;
      const bool half = x.scalar_type() == torch::kBFloat16 || x.scalar_type() == torch::kFloat16;
      const auto f = half ? x.to(torch::kFloat32) : x;
      out[k] = scales_[i] == 1.0 ? f : f * scales_[i];
    }
    if (table[i].pool_after && i < deepest) {
      x = pooling == Pooling::max ? torch::max_pool2d(x, 2, 2) : torch::avg_pool2d(x, 2, 2);
    }
  }
  return out;
}

std::vector<double> Vgg19::feature_rms(const torch::Tensor& input) const {
  torch::NoGradGuard no_grad;
  std::vector<double> rms;
  torch::Tensor x = input;
  for (std::size_t i = 0; i < weights_.size(); ++i) {
    x = conv_relu(x, i);
    rms.push_back(x.pow(2).mean().sqrt().item<double>());
    if (vgg19_conv_layers()[i].pool_after && i + 1 < weights_.size()) x = torch::max_pool2d(x, 2, 2);
  }
  return rms;
}

void Vgg19::set_feature_scales(std::vector<double> scales) {
  scales_ = std::move(scales);
}

void Vgg19::set_layout(torch::Dtype dtype, bool channels_last) {
  layout_set_ = true;
  dtype_ = dtype;
  format_ = channels_last ? c10::MemoryFormat::ChannelsLast : c10::MemoryFormat::Contiguous;
  for (auto& w : weights_) w = w.to(dtype_).contiguous(format_);
  for (auto& b : biases_) b = b.to(dtype_);
}

}  // namespace neural_style
