// Pixels between a host's GEGL buffers and the engine's image (perceptual
// floats), from every precision (8/16/32-bit integer or float, perceptual or
// linear) and type (RGB, GRAY, with or without alpha). Integer layers are
// read and written in their own integer type and scaled here, exactly: the
// same layer always gives the engine the same pixels.
// GIMP 2.10 and GIMP 3 both hand their drawables out as GEGL buffers.
#pragma once

#include <gegl.h>

#include <vector>

#include "neural_style/image.h"

namespace neural_style_plugin {

struct LayerPixels {
  neural_style::Image rgb;   // perceptual (sRGB-encoded) values clamped to [0, 1]
  std::vector<float> alpha;  // one per pixel; empty when the drawable has no alpha
};

// Reads the whole buffer; `alpha` says whether the drawable has an alpha
// channel worth keeping.
LayerPixels read_pixels(GeglBuffer* buffer, bool alpha);

// Reads the buffer's colour for a style image, no longer than
// `max_longest_side` (0: its own size), averaged down as it is read
// (neural_style::fit_style_image()'s averaging): a large painting's layer is
// never held at its own size.
neural_style::Image read_style_pixels(GeglBuffer* buffer, int max_longest_side);

// Writes `image` at the buffer's origin (the buffer is at least as large).
void write_rgb(GeglBuffer* buffer, const neural_style::Image& image);

// Replaces the buffer's alpha, tile by tile, with `alpha` (width x height).
void write_alpha(GeglBuffer* buffer, const std::vector<float>& alpha, int width, int height);

}  // namespace neural_style_plugin
