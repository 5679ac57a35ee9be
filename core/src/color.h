// Colour handling for "keep the content's colours" (Gatys et al. 2017,
// luminance-only transfer): YUV (BT.601) on tensors of levels 0-255.
#pragma once

#include <torch/types.h>

namespace neural_style {

torch::Tensor rgb_to_yuv(const torch::Tensor& rgb);  // (N,3,H,W) -> (N,3,H,W)
torch::Tensor yuv_to_rgb(const torch::Tensor& yuv);
torch::Tensor luminance(const torch::Tensor& rgb);  // (N,1,H,W)

// `source` luminance shifted and scaled to the mean and standard deviation
// of `reference` luminance.
torch::Tensor match_luminance(const torch::Tensor& source, const torch::Tensor& reference);

}  // namespace neural_style
