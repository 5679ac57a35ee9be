// Pixels in and out of GIMP drawables, through their GEGL buffers in float,
// so every precision (8/16/32-bit integer or float, perceptual or linear)
// and type (RGB, GRAY, with or without alpha) reads and writes the same way.
#pragma once

#include <libgimp/gimp.h>

#include <string>
#include <vector>

#include "neural_style/image.h"

namespace neural_style_plugin {

struct LayerPixels {
  neural_style::Image rgb;   // perceptual (sRGB-encoded) values clamped to [0, 1]
  std::vector<float> alpha;  // one per pixel; empty when the drawable has no alpha
};

// Reads a whole drawable. Throws PluginError for indexed drawables.
LayerPixels read_drawable(gint32 drawable);

// The new layer's placement and look, taken from the source layer.
struct ResultLayer {
  std::string name;
  gint32 image = -1;
  gint32 source = -1;  // the layer the result goes directly above
};

// Inserts the result as a new layer above `target.source`, with the
// source's size, offsets and alpha (scaling `result` up or down to the
// layer's size), and a mask from the selection when there is one. Call
// inside an undo group. Returns the new layer's ID.
gint32 insert_result_layer(const ResultLayer& target, const neural_style::Image& result, const LayerPixels& source);

}  // namespace neural_style_plugin
