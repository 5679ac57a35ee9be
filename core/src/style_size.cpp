#include "neural_style/style_size.h"

#include <algorithm>
#include <cmath>

#include "neural_style/multiscale.h"
#include "neural_style/row_shrinker.h"

namespace neural_style {
namespace {

int scaled_longest_side(int width, int height, const Options& options) {
  return std::max(1, static_cast<int>(std::lround(options.style_scale * std::max(width, height))));
}

}  // namespace

std::pair<int, int> style_size_at_scale(int scale_width, int scale_height, int style_width, int style_height,
                                        const Options& options) {
  const int requested = scaled_longest_side(scale_width, scale_height, options);
  const int longest = std::min(requested, std::max({style_width, style_height, options.multiscale.detail_size}));
  return working_size(style_width, style_height, longest);
}

int style_longest_side(int content_width, int content_height, const Options& options) {
  // The result is the largest scale, and a scale's style size grows with it.
  const auto [width, height] = working_size(content_width, content_height, options.size);
  return scaled_longest_side(width, height, options);
}

std::pair<int, int> fitted_style_size(int width, int height, int longest_side) {
  if (longest_side <= 0 || std::max(width, height) <= longest_side) return {width, height};
  return working_size(width, height, longest_side);
}

Image fit_style_image(Image style, int longest_side) {
  const auto [width, height] = fitted_style_size(style.width, style.height, longest_side);
  if (width == style.width && height == style.height) return style;
  return shrink_image(style, width, height);
}

Image shrink_image(const Image& image, int width, int height) {
  if (width == image.width && height == image.height) return image;
  RowShrinker shrinker(image.width, image.height, width, height);
  for (int y = 0; y < image.height; ++y) shrinker.add_row(image.pixel(0, y));
  return shrinker.finish();
}

}  // namespace neural_style
