// Pixels between a host's GEGL buffers and the engine's image (perceptual
// floats), from every precision (8/16/32-bit integer or float, perceptual or
// linear) and type (RGB, GRAY, with or without alpha). Integer layers are
// read and written in their own integer type and model and scaled here
// (a linear one's colour through the sRGB curve here too): the same layer
// always gives the engine the same pixels.
// GIMP 2.10 and GIMP 3 both hand their drawables out as GEGL buffers.
#pragma once

#include <gegl.h>

#include <vector>

#include "neural_style/image.h"

namespace neural_style_plugin {

// A layer as it was read: the result layer gets its size, and its alpha
// when it has one.
struct LayerShape {
  int width = 0;
  int height = 0;
  bool alpha = false;
};

struct LayerPixels {
  neural_style::Image rgb;  // perceptual (sRGB-encoded) values clamped to [0, 1]
  // Whether the drawable has an alpha channel. Not held: the result layer
  // copies it from the source layer (copy_alpha()), 4 bytes a pixel less
  // through the job.
  bool alpha = false;

  LayerShape shape() const { return {rgb.width, rgb.height, alpha}; }
};

// Reads the whole buffer's colour; `alpha` says whether the drawable has an
// alpha channel worth keeping.
LayerPixels read_pixels(GeglBuffer* buffer, bool alpha);

// Reads the buffer's colour for a style image, no longer than
// `max_longest_side` (0: its own size), averaged down as it is read
// (neural_style::fit_style_image()'s averaging): a large painting's layer is
// never held at its own size.
neural_style::Image read_style_pixels(GeglBuffer* buffer, int max_longest_side);

// Writes `image` at the buffer's origin (the buffer is at least as large).
void write_rgb(GeglBuffer* buffer, const neural_style::Image& image);

// Replaces the alpha of `to` with that of `from`, tile by tile, where both
// buffers have pixels; the colour of `to` is left as it is.
void copy_alpha(GeglBuffer* from, GeglBuffer* to);

}  // namespace neural_style_plugin
