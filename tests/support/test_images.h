// Small deterministic images for tests.
#pragma once

#include <cstdint>
#include <string>

#include "neural_style/image.h"

namespace neural_style::test_support {

// A smooth colour gradient with a few shapes: something with content.
Image make_content_image(int width, int height);
// Coloured diagonal stripes with noise: something with texture.
Image make_style_image(int width, int height, int variant = 0);

// The bytes of a PNG whose header claims width x height pixels but that holds
// no pixel data (57 bytes): for checks made before decoding.
std::string png_header_only(std::uint32_t width, std::uint32_t height);

double mean_abs_difference(const Image& a, const Image& b);

// Pearson correlation of the luminance of two images of the same size: how
// much of one's structure the other keeps.
double luminance_correlation(const Image& a, const Image& b);

}  // namespace neural_style::test_support
