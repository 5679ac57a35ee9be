// Small deterministic images for tests.
#pragma once

#include "neural_style/image.h"

namespace neural_style::test_support {

// A smooth colour gradient with a few shapes: something with content.
Image make_content_image(int width, int height);
// Coloured diagonal stripes with noise: something with texture.
Image make_style_image(int width, int height, int variant = 0);

double mean_abs_difference(const Image& a, const Image& b);

// Pearson correlation of the luminance of two images of the same size: how
// much of one's structure the other keeps.
double luminance_correlation(const Image& a, const Image& b);

}  // namespace neural_style::test_support
