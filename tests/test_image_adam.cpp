// ImageAdam (core/src/image_adam.h): Adam's first moment per value, one
// second moment for the whole image.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "image_adam.h"

using neural_style::ImageAdam;

TEST(ImageAdam, AStepIsTheGradientOverItsRootMeanSquareTimesTheRate) {
  // With a constant gradient the bias-corrected moments are the gradient and
  // its mean square at every step, so each step is rate * g / rms(g).
  torch::Tensor image = torch::full({1, 3, 4, 5}, 100.0, torch::kFloat64);
  const torch::Tensor gradient = torch::arange(60, torch::kFloat64).reshape({1, 3, 4, 5}) - 20.0;
  const double rms = gradient.square().mean().sqrt().item<double>();
  ImageAdam adam(image, 3.0);
  for (int step = 1; step <= 3; ++step) {
    adam.step(gradient);
    const torch::Tensor expected = 100.0 - step * 3.0 * gradient / rms;
    EXPECT_TRUE(torch::allclose(image, expected, 1e-6, 1e-6)) << "step " << step;
  }
}

TEST(ImageAdam, ThePixelsMoveInProportionToTheirGradient) {
  // Where Adam would move both values by the rate, here the one with the
  // smaller gradient moves proportionally less: flat regions stay flat.
  torch::Tensor image = torch::zeros({2}, torch::kFloat64);
  ImageAdam adam(image, 1.0);
  adam.step(torch::tensor({10.0, 0.1}, torch::kFloat64));
  EXPECT_NEAR(image[0].item<double>() / image[1].item<double>(), 100.0, 1e-6);
  // The root mean square of the move is the rate.
  EXPECT_NEAR(image.square().mean().sqrt().item<double>(), 1.0, 1e-6);
}

TEST(ImageAdam, AZeroGradientLeavesTheImageAsItIs) {
  torch::Tensor image = torch::full({1, 3, 2, 2}, 7.0);
  ImageAdam adam(image, 3.0);
  adam.step(torch::zeros_like(image));
  EXPECT_TRUE(torch::equal(image, torch::full({1, 3, 2, 2}, 7.0)));
}
