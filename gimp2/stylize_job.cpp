#include "stylize_job.h"

#include "drawable_pixels.h"
#include "host_messages.h"
#include "plugin_error.h"

namespace neural_style_plugin {
namespace {

// The layer a drawable stands for (a mask stands for its layer).
gint32 source_layer(gint32 image, gint32 drawable) {
  if (!gimp_item_is_valid(drawable) || gimp_item_get_image(drawable) != image) {
    throw PluginError(host_messages::drawable_not_in_image());
  }
  if (gimp_item_is_layer_mask(drawable)) return gimp_layer_from_mask(drawable);
  if (!gimp_item_is_layer(drawable)) throw PluginError(host_messages::channel_selected());
  return drawable;
}

// The result as a new layer directly above `source`, with its size, offsets
// and alpha, and a mask from the selection when there is one.
gint32 insert_result_layer(gint32 image, gint32 source, const std::string& name, const neural_style::Image& result,
                           const LayerShape& shape) {
  const GimpImageType type = result_layer_type(gimp_image_base_type(image), shape.alpha);
  const gint32 layer =
      gimp_layer_new(image, name.c_str(), result.width, result.height, type, 100.0, GIMP_LAYER_MODE_NORMAL);
  if (layer < 0) throw PluginError(host_messages::layer_not_created());
  const gint32 parent = gimp_item_get_parent(source);
  if (!gimp_image_insert_layer(image, layer, parent > 0 ? parent : 0, gimp_image_get_item_position(image, source))) {
    gimp_item_delete(layer);
    throw PluginError(host_messages::layer_not_inserted());
  }
  Offsets offsets;
  gimp_drawable_offsets(source, &offsets.x, &offsets.y);
  fill_result_layer(image, layer, layer, result, source, shape, offsets);
  return layer;
}

}  // namespace

LayerPixels Gimp2Host::read_source() {
  return read_drawable(source_layer(image_, drawable_));
}

StyleSource Gimp2Host::read_style_layer(int id, int longest_side) {
  if (!gimp_item_is_valid(id) || !gimp_item_is_drawable(id)) throw PluginError(host_messages::style_layer_gone(id));
  return {read_style_drawable(id, longest_side), item_name(id), {gimp_drawable_width(id), gimp_drawable_height(id)}};
}

void Gimp2Host::insert_result(const std::string& name, const neural_style::Image& result, const LayerShape& source) {
  result_ = insert_result_layer(image_, source_layer(image_, drawable_), name, result, source);
}

gint32 stylize_layer(gint32 image, gint32 drawable, const FilterSettings& settings) {
  Gimp2Host host(image, drawable);
  stylize(host, settings);
  return host.result_layer();
}

}  // namespace neural_style_plugin
