// The loss of one scale of a job: targets computed once from the content and
// style images, then evaluated for any candidate image.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "neural_style/options.h"
#include "vgg19.h"

namespace neural_style {

// Pixel levels (N, 1 or 3, H, W), RGB, to the network's input convention. A
// single channel (luminance) is repeated to grey RGB. The constants are made
// once, on the device and in the dtype they will meet.
class NetworkInput {
 public:
  NetworkInput(InputConvention convention, const torch::TensorOptions& options);
  torch::Tensor operator()(const torch::Tensor& levels) const;

 private:
  bool bgr_;
  torch::Tensor shift_, scale_;  // input = (rgb or bgr) * scale + shift
};

torch::Tensor to_network_input(const torch::Tensor& levels, InputConvention convention);

// The shortest side an image needs so that every layer up to `deepest` has
// at least one pixel.
int minimum_side_for_layer(int deepest);

struct LossTerms {
  torch::Tensor content, style, tv, total;
};

class Objective {
 public:
  // `content` and each of `styles` are pixel levels at the sizes to use.
  // `blend` holds one weight per style, summing to 1.
  Objective(Vgg19 net, InputConvention convention, const Options& options, const torch::Tensor& content,
            const std::vector<torch::Tensor>& styles, const std::vector<double>& blend);

  LossTerms operator()(const torch::Tensor& image);

 private:
  Vgg19 net_;
  NetworkInput input_;
  Pooling pooling_;
  TvKind tv_kind_;
  double content_weight_, style_weight_, tv_weight_;
  std::vector<int> layers_;  // conv indices the network must return
  int content_slot_ = -1;
  std::vector<int> style_slots_;
  std::vector<double> style_weights_;
  torch::Tensor content_target_;
  std::vector<torch::Tensor> style_targets_;  // blended A/M per style layer
};

}  // namespace neural_style
