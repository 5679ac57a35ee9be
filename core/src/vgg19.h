// VGG19's convolutional part: conv + ReLU, with max or average pooling
// between blocks. Runs only as deep as the job needs. A plain value: the
// weights are tensors, so copies share them.
#pragma once

#include <torch/types.h>

#include <vector>

#include "neural_style/options.h"

namespace neural_style {

struct Vgg19Weights;

class Vgg19 {
 public:
  // Copies the weights in (CPU float32). They never need a gradient.
  void load(const Vgg19Weights& weights);
  // Moves the weights to a device, or converts them to a type (tests run in
  // float64).
  void to(torch::Device device);
  void to(torch::Dtype dtype);

  // `input` is (N, 3, H, W) in the weights' input convention. Returns the
  // ReLU output of each layer in `layers` (indices into vgg19_conv_layers()),
  // in the order given.
  // Each returned feature map is multiplied by its layer's scale (see
  // feature_calibration.h).
  std::vector<torch::Tensor> forward(torch::Tensor input, const std::vector<int>& layers, Pooling pooling) const;

  // RMS of every layer's unscaled ReLU output for `input` (max pooling).
  std::vector<double> feature_rms(const torch::Tensor& input) const;
  void set_feature_scales(std::vector<double> scales);
  const std::vector<double>& feature_scales() const { return scales_; }

  // Arithmetic type and memory layout of the convolutions (call after
  // moving the weights to their device). forward() then converts its input
  // to them, and returns 16-bit features as float32. Without it, forward()
  // keeps its input's type and layout.
  void set_layout(torch::Dtype dtype, bool channels_last);

 private:
  torch::Tensor conv_relu(const torch::Tensor& x, std::size_t i) const;

  std::vector<torch::Tensor> weights_;  // (out, in, 3, 3) per conv layer
  std::vector<torch::Tensor> biases_;
  std::vector<double> scales_;
  bool layout_set_ = false;
  torch::Dtype dtype_ = torch::kFloat32;
  c10::MemoryFormat format_ = c10::MemoryFormat::Contiguous;
};

}  // namespace neural_style
