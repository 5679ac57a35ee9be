#include "layer_pixels.h"

#include <gegl.h>

#include <algorithm>
#include <cstddef>

#include "i18n.h"
#include "plugin_error.h"

namespace neural_style_plugin {
namespace {

const Babl* rgba_float() {
  return babl_format("R'G'B'A float");
}

GimpImageType layer_type(gint32 image, bool alpha) {
  if (gimp_image_base_type(image) == GIMP_GRAY) return alpha ? GIMP_GRAYA_IMAGE : GIMP_GRAY_IMAGE;
  return alpha ? GIMP_RGBA_IMAGE : GIMP_RGB_IMAGE;
}

void write_rgb(gint32 layer, const neural_style::Image& image) {
  GeglBuffer* buffer = gimp_drawable_get_buffer(layer);
  gegl_buffer_set(buffer, GEGL_RECTANGLE(0, 0, image.width, image.height), 0, babl_format("R'G'B' float"),
                  image.rgb.data(), GEGL_AUTO_ROWSTRIDE);
  g_object_unref(buffer);  // flushes to GIMP
}

// Replaces the layer's alpha, tile by tile, with the source's.
void write_alpha(gint32 layer, const std::vector<float>& alpha, int width, int height) {
  GeglBuffer* buffer = gimp_drawable_get_buffer(layer);
  GeglBufferIterator* it = gegl_buffer_iterator_new(buffer, GEGL_RECTANGLE(0, 0, width, height), 0, rgba_float(),
                                                    GEGL_ACCESS_READWRITE, GEGL_ABYSS_NONE, 1);
  while (gegl_buffer_iterator_next(it)) {
    auto* data = static_cast<float*>(it->items[0].data);
    const GeglRectangle& roi = it->items[0].roi;
    for (int y = 0; y < roi.height; ++y) {
      for (int x = 0; x < roi.width; ++x) {
        data[(static_cast<std::size_t>(y) * roi.width + x) * 4 + 3] =
            alpha[static_cast<std::size_t>(roi.y + y) * width + (roi.x + x)];
      }
    }
  }
  g_object_unref(buffer);
}

}  // namespace

LayerPixels read_drawable(gint32 drawable) {
  if (gimp_drawable_is_indexed(drawable)) {
    throw PluginError(
        _("Neural Style works on RGB and grayscale layers, and this one is indexed. Convert the image with Image ▸ "
          "Mode ▸ RGB first."));
  }
  const int width = gimp_drawable_width(drawable);
  const int height = gimp_drawable_height(drawable);
  const std::size_t count = static_cast<std::size_t>(width) * height;
  std::vector<float> rgba(count * 4);
  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(0, 0, width, height), 1.0, rgba_float(), rgba.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);

  LayerPixels pixels;
  pixels.rgb = neural_style::Image(width, height);
  const bool has_alpha = gimp_drawable_has_alpha(drawable);
  if (has_alpha) pixels.alpha.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    // Float images may hold values outside [0, 1]; the network sees the
    // displayable range.
    for (int c = 0; c < 3; ++c) pixels.rgb.rgb[i * 3 + c] = std::clamp(rgba[i * 4 + c], 0.0f, 1.0f);
    if (has_alpha) pixels.alpha[i] = rgba[i * 4 + 3];
  }
  return pixels;
}

gint32 insert_result_layer(const ResultLayer& target, const neural_style::Image& result, const LayerPixels& source) {
  const int width = source.rgb.width;
  const int height = source.rgb.height;
  const bool has_alpha = !source.alpha.empty();
  gint32 layer = gimp_layer_new(target.image, target.name.c_str(), result.width, result.height,
                                layer_type(target.image, has_alpha), 100.0, GIMP_LAYER_MODE_NORMAL);
  if (layer < 0) throw PluginError(_("GIMP could not create the new layer."));

  const gint32 parent = gimp_item_get_parent(target.source);
  const gint position = gimp_image_get_item_position(target.image, target.source);
  if (!gimp_image_insert_layer(target.image, layer, parent > 0 ? parent : 0, position)) {
    gimp_item_delete(layer);
    throw PluginError(_("GIMP could not add the new layer to the image."));
  }
  write_rgb(layer, result);
  if (result.width != width || result.height != height) {
    gimp_context_push();
    gimp_context_set_interpolation(GIMP_INTERPOLATION_CUBIC);
    gimp_layer_scale(layer, width, height, TRUE);
    gimp_context_pop();
  }
  gint off_x = 0;
  gint off_y = 0;
  gimp_drawable_offsets(target.source, &off_x, &off_y);
  gimp_layer_set_offsets(layer, off_x, off_y);
  if (has_alpha) write_alpha(layer, source.alpha, width, height);
  gimp_drawable_update(layer, 0, 0, width, height);

  if (!gimp_selection_is_empty(target.image)) {
    const gint32 mask = gimp_layer_create_mask(layer, GIMP_ADD_MASK_SELECTION);
    gimp_layer_add_mask(layer, mask);
  }
  return layer;
}

}  // namespace neural_style_plugin
