// Drawables in and out of the engine's image with the libgimp calls that
// read the same in GIMP 2.10 and GIMP 3: header-only, compiled in each
// adapter against its own libgimp, where `Drawable` and `Layer` are GIMP
// 2.10's integer IDs or GIMP 3's objects.
#pragma once

#include <libgimp/gimp.h>

#include <vector>

#include "gegl_pixels.h"
#include "host_messages.h"
#include "plugin_error.h"

namespace neural_style_plugin {

// Calls read(buffer) on the drawable's GEGL buffer (any precision) and
// returns what it gives. Throws PluginError for indexed drawables.
template <typename Drawable, typename Read>
auto read_drawable_buffer(Drawable drawable, Read read) {
  if (gimp_drawable_is_indexed(drawable)) throw PluginError(host_messages::indexed_layer());
  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  auto result = read(buffer);
  g_object_unref(buffer);
  return result;
}

// Reads a whole drawable, with its alpha when it has one.
template <typename Drawable>
LayerPixels read_drawable(Drawable drawable) {
  return read_drawable_buffer(
      drawable, [&](GeglBuffer* buffer) { return read_pixels(buffer, gimp_drawable_has_alpha(drawable)); });
}

// A drawable's colour as a style image, no longer than `max_longest_side`
// (read_style_pixels()).
template <typename Drawable>
neural_style::Image read_style_drawable(Drawable drawable, int max_longest_side) {
  return read_drawable_buffer(drawable,
                              [&](GeglBuffer* buffer) { return read_style_pixels(buffer, max_longest_side); });
}

// The type of the result layer: the image's base type, with the source's
// alpha.
inline GimpImageType result_layer_type(GimpImageBaseType base, bool alpha) {
  if (base == GIMP_GRAY) return alpha ? GIMP_GRAYA_IMAGE : GIMP_GRAY_IMAGE;
  return alpha ? GIMP_RGBA_IMAGE : GIMP_RGB_IMAGE;
}

// Where the source layer is: the new layer goes to the same offsets.
struct Offsets {
  gint x = 0;
  gint y = 0;
};

// Fills the new layer: the engine's result scaled to the size the source
// was read at (the engine's working size may differ), the source's offsets
// and alpha (from `source_drawable`), and a mask from the selection when
// there is one. `layer` and `drawable` are the same new layer (GIMP 3 types
// them apart).
template <typename Image, typename Layer, typename Drawable>
void fill_result_layer(Image image, Layer layer, Drawable drawable, const neural_style::Image& result,
                       Drawable source_drawable, const LayerShape& source, Offsets offsets) {
  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  write_rgb(buffer, result);
  g_object_unref(buffer);  // flushes to GIMP
  const int width = source.width;
  const int height = source.height;
  if (result.width != width || result.height != height) {
    gimp_context_push();
    gimp_context_set_interpolation(GIMP_INTERPOLATION_CUBIC);
    gimp_layer_scale(layer, width, height, TRUE);
    gimp_context_pop();
  }
  if (source.alpha) {
    buffer = gimp_drawable_get_buffer(drawable);
    GeglBuffer* alpha = gimp_drawable_get_buffer(source_drawable);
    copy_alpha(alpha, buffer);
    g_object_unref(alpha);
    g_object_unref(buffer);
  }
  gimp_layer_set_offsets(layer, offsets.x, offsets.y);
  gimp_drawable_update(drawable, 0, 0, width, height);
  if (!gimp_selection_is_empty(image)) {
    gimp_layer_add_mask(layer, gimp_layer_create_mask(layer, GIMP_ADD_MASK_SELECTION));
  }
}

}  // namespace neural_style_plugin
