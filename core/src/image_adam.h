// Adam with one second moment for the whole image: the first moment is
// kept per value as Adam's, the mean square of the gradient over the image
// is one running number. A step is then the gradient's running mean scaled
// by one factor, so pixels move by what their gradient asks, relative to
// the rest of the image, where Adam moves every pixel by about the learning
// rate (its first step is the rate times the gradient's sign). The first
// step moves the image by `learning_rate` levels as a root mean square.
//
// The detail stages take it: from the carried-up result, Adam's equal
// steps put a pixel-scale colour noise into flat regions, and L-BFGS's
// first step (the raw gradient) overshoots (docs/full-resolution.md). Its
// state is one value per pixel and channel, Adam's two.
#pragma once

#include <torch/types.h>

namespace neural_style {

class ImageAdam {
 public:
  ImageAdam(torch::Tensor image, double learning_rate);

  // Moves the image against `gradient` (its shape). Reads nothing on the
  // host: the second moment stays a tensor on the image's device.
  void step(const torch::Tensor& gradient);

 private:
  torch::Tensor image_;
  torch::Tensor first_moment_;   // per value
  torch::Tensor second_moment_;  // one value: the gradient's mean square
  double learning_rate_;
  int steps_ = 0;
};

}  // namespace neural_style
