#include "stylize_job.h"

#include "drawable_pixels.h"
#include "host_messages.h"
#include "plugin_error.h"

namespace neural_style_plugin {
namespace {

// The layer a drawable stands for (a mask stands for its layer).
GimpLayer* source_layer(GimpImage* image, GimpDrawable* drawable) {
  GimpItem* item = GIMP_ITEM(drawable);
  if (!gimp_item_is_valid(item) || gimp_item_get_image(item) != image) {
    throw PluginError(host_messages::drawable_not_in_image());
  }
  if (GIMP_IS_LAYER_MASK(drawable)) return gimp_layer_from_mask(GIMP_LAYER_MASK(drawable));
  if (!GIMP_IS_LAYER(drawable)) throw PluginError(host_messages::channel_selected());
  return GIMP_LAYER(drawable);
}

// The result as a new layer directly above `source`, with its size, offsets
// and alpha, and a mask from the selection when there is one.
GimpLayer* insert_result_layer(GimpImage* image, GimpLayer* source, const std::string& name,
                               const neural_style::Image& result, const LayerShape& shape) {
  const GimpImageType type = result_layer_type(gimp_image_get_base_type(image), shape.alpha);
  GimpLayer* layer =
      gimp_layer_new(image, name.c_str(), result.width, result.height, type, 100.0, GIMP_LAYER_MODE_NORMAL);
  if (!layer) throw PluginError(host_messages::layer_not_created());
  GimpItem* parent = gimp_item_get_parent(GIMP_ITEM(source));
  if (!gimp_image_insert_layer(image, layer, parent ? GIMP_LAYER(parent) : nullptr,
                               gimp_image_get_item_position(image, GIMP_ITEM(source)))) {
    gimp_item_delete(GIMP_ITEM(layer));
    throw PluginError(host_messages::layer_not_inserted());
  }
  Offsets offsets;
  gimp_drawable_get_offsets(GIMP_DRAWABLE(source), &offsets.x, &offsets.y);
  fill_result_layer(image, layer, GIMP_DRAWABLE(layer), result, GIMP_DRAWABLE(source), shape, offsets);
  return layer;
}

}  // namespace

LayerPixels Gimp3Host::read_source() {
  return read_drawable(GIMP_DRAWABLE(source_layer(image_, drawable_)));
}

StyleSource Gimp3Host::read_style_layer(int id, int longest_side) {
  GimpDrawable* drawable = gimp_drawable_get_by_id(id);
  if (!drawable) throw PluginError(host_messages::style_layer_gone(id));
  return {read_style_drawable(drawable, longest_side),
          item_name(GIMP_ITEM(drawable)),
          {gimp_drawable_get_width(drawable), gimp_drawable_get_height(drawable)}};
}

void Gimp3Host::insert_result(const std::string& name, const neural_style::Image& result, const LayerShape& source) {
  result_ = insert_result_layer(image_, source_layer(image_, drawable_), name, result, source);
}

}  // namespace neural_style_plugin
