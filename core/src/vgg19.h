// VGG19's convolutional part as a torch::nn::Module: conv + ReLU, with max or
// average pooling between blocks. Runs only as deep as the job needs.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "neural_style/options.h"

namespace neural_style {

struct Vgg19Weights;

class Vgg19Impl : public torch::nn::Module {
 public:
  Vgg19Impl();
  // Copies the weights in (CPU float32) and freezes them.
  void load(const Vgg19Weights& weights);

  // `input` is (N, 3, H, W) in the weights' input convention. Returns the
  // ReLU output of each layer in `layers` (indices into vgg19_conv_layers()),
  // in the order given.
  // Each returned feature map is multiplied by its layer's scale (see
  // feature_calibration.h).
  std::vector<torch::Tensor> forward(torch::Tensor input, const std::vector<int>& layers, Pooling pooling);

  // RMS of every layer's unscaled ReLU output for `input` (max pooling).
  std::vector<double> feature_rms(const torch::Tensor& input);
  void set_feature_scales(std::vector<double> scales);
  const std::vector<double>& feature_scales() const { return scales_; }

  // Arithmetic type and memory layout of the convolutions (call after
  // moving the module to its device). forward() then converts its input to
  // them, and returns 16-bit features as float32. Without it, forward()
  // keeps its input's type and layout (tests run it in float64).
  void set_layout(torch::Dtype dtype, bool channels_last);

 private:
  std::vector<torch::nn::Conv2d> convs_;
  std::vector<double> scales_;
  bool layout_set_ = false;
  torch::Dtype dtype_ = torch::kFloat32;
  c10::MemoryFormat format_ = c10::MemoryFormat::Contiguous;
};
TORCH_MODULE(Vgg19);

}  // namespace neural_style
