// Neural Style: the image type exchanged with the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace neural_style {

// Image files with more pixels are refused before decoding (a 1 MB PNG can
// claim 20000 x 20000 pixels: 6.7 GB as float RGB). Generous for any camera
// or scanned painting; the CLI's --max-megapixels changes it.
constexpr std::uint64_t default_max_image_pixels = 250'000'000;

// An image's size, for planning a job without its pixels.
struct ImageSize {
  int width = 0;
  int height = 0;
};

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
