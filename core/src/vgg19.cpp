#include "vgg19.h"

#include <algorithm>

#include "vgg19_layers.h"
#include "weights_loader.h"

namespace neural_style {

Vgg19Impl::Vgg19Impl() : scales_(vgg19_conv_layers().size(), 1.0) {
  for (const auto& l : vgg19_conv_layers()) {
    convs_.push_back(register_module(
        l.name, torch::nn::Conv2d(torch::nn::Conv2dOptions(l.in_channels, l.out_channels, 3).padding(1))));
  }
}

void Vgg19Impl::load(const Vgg19Weights& weights) {
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < convs_.size(); ++i) {
    convs_[i]->weight.copy_(weights.weights[i]);
    convs_[i]->bias.copy_(weights.biases[i]);
  }
  for (auto& p : parameters()) p.requires_grad_(false);
}

std::vector<torch::Tensor> Vgg19Impl::forward(torch::Tensor x, const std::vector<int>& layers, Pooling pooling) {
  const int deepest = layers.empty() ? -1 : *std::max_element(layers.begin(), layers.end());
  std::vector<torch::Tensor> out(layers.size());
  const auto& table = vgg19_conv_layers();
  // The image is 3 channels: converting it is cheap, and every later layer
  // inherits the layout and type from it.
  if (layout_set_) x = x.to(dtype_).contiguous(format_);
  for (int i = 0; i <= deepest; ++i) {
    // In-place ReLU: the conv output is not needed for the input gradient.
    x = convs_[i]->forward(x).relu_();
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

}  // namespace neural_style

namespace neural_style {

std::vector<double> Vgg19Impl::feature_rms(const torch::Tensor& input) {
  torch::NoGradGuard no_grad;
  std::vector<double> rms;
  torch::Tensor x = input;
  for (std::size_t i = 0; i < convs_.size(); ++i) {
    x = convs_[i]->forward(x).relu_();
    rms.push_back(x.pow(2).mean().sqrt().item<double>());
    if (vgg19_conv_layers()[i].pool_after && i + 1 < convs_.size()) x = torch::max_pool2d(x, 2, 2);
  }
  return rms;
}

void Vgg19Impl::set_feature_scales(std::vector<double> scales) {
  scales_ = std::move(scales);
}

void Vgg19Impl::set_layout(torch::Dtype dtype, bool channels_last) {
  torch::NoGradGuard no_grad;
  layout_set_ = true;
  dtype_ = dtype;
  format_ = channels_last ? c10::MemoryFormat::ChannelsLast : c10::MemoryFormat::Contiguous;
  for (auto& conv : convs_) {
    conv->weight.set_data(conv->weight.to(dtype_).contiguous(format_));
    conv->bias.set_data(conv->bias.to(dtype_));
  }
}

}  // namespace neural_style
