#include "image_adam.h"

#include <cmath>

namespace neural_style {
namespace {

// Adam's defaults (Kingma & Ba).
constexpr double beta1 = 0.9;
constexpr double beta2 = 0.999;
constexpr double epsilon = 1e-8;

}  // namespace

ImageAdam::ImageAdam(torch::Tensor image, double learning_rate)
    : image_(std::move(image)),
      first_moment_(torch::zeros_like(image_)),
      second_moment_(torch::zeros({}, image_.options())),
      learning_rate_(learning_rate) {}

void ImageAdam::step(const torch::Tensor& gradient) {
  torch::NoGradGuard no_grad;
  ++steps_;
  first_moment_.mul_(beta1).add_(gradient, 1.0 - beta1);
  // The norm needs no image-sized temporary (a squared copy would be one
  // more value per pixel at the largest scale).
  const torch::Tensor mean_square = gradient.norm().square() / static_cast<double>(gradient.numel());
  second_moment_.mul_(beta2).add_(mean_square, 1.0 - beta2);
  const double first_correction = 1.0 - std::pow(beta1, steps_);
  const double second_correction = 1.0 - std::pow(beta2, steps_);
  const torch::Tensor denominator = (second_moment_ / second_correction).sqrt() + epsilon;
  image_.addcdiv_(first_moment_, denominator, -learning_rate_ / first_correction);
}

}  // namespace neural_style
