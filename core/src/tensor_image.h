// Conversions between the public Image and (1, C, H, W) tensors of pixel
// levels in [0, 255], and resampling.
#pragma once

#include <torch/types.h>

#include "neural_style/image.h"

namespace neural_style {

// (1, 3, H, W) float32 on the CPU, levels 0-255.
torch::Tensor image_to_tensor(const Image& image);
// (1, 3, H, W) float32 on the CPU, values in [0, 1]: a view of the image's
// own interleaved pixels (which must outlive it), not a copy.
torch::Tensor image_view(const Image& image);
// Clamps to 0-255 and converts back to [0, 1] floats.
Image tensor_to_image(const torch::Tensor& levels);

// Area averaging when shrinking (no aliasing), bilinear when enlarging.
torch::Tensor resize(const torch::Tensor& image, std::int64_t height, std::int64_t width);

// The (width, height) whose longest side is `longest`, keeping the aspect.
std::pair<int, int> fit_longest_side(int width, int height, int longest);

}  // namespace neural_style
