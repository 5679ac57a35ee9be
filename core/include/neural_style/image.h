// Neural Style: the image type exchanged with the engine.
#pragma once

#include <cstddef>
#include <vector>

namespace neural_style {

// An RGB image, 32-bit float per channel, interleaved (R, G, B, R, G, B, ...),
// rows top to bottom. Values are perceptual (sRGB-encoded) intensities in
// [0, 1], the space the VGG19 network was trained on.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<float> rgb;

  Image() = default;
  Image(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(w) * h * 3, 0.0f) {}

  bool empty() const { return width <= 0 || height <= 0; }
  float* pixel(int x, int y) { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
  const float* pixel(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

}  // namespace neural_style
