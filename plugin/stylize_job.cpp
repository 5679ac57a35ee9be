#include "stylize_job.h"

#include <cmath>
#include <string>

#include "engine_loader.h"
#include "format_message.h"
#include "i18n.h"
#include "image_io.h"
#include "layer_pixels.h"
#include "plugin_error.h"

namespace neural_style_plugin {
namespace {

std::string file_stem(const std::string& path) {
  gchar* base = g_path_get_basename(path.c_str());
  std::string name = base;
  g_free(base);
  const auto dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.erase(dot);
  return name;
}

// Later scales hold about 4x the pixels of the one before (factor 2), so
// weigh progress by that instead of counting scales equally.
double overall_fraction(const neural_style::Progress& p) {
  double total = 0;
  double done = 0;
  for (int s = 0; s < p.scale_count; ++s) {
    const double weight = std::pow(4.0, s);
    total += weight;
    if (s < p.scale) done += weight;
    if (s == p.scale && p.iterations > 0) done += weight * p.iteration / p.iterations;
  }
  return total > 0 ? done / total : 0;
}

}  // namespace

gint32 source_layer(gint32 image, gint32 drawable) {
  if (!gimp_item_is_valid(drawable) || gimp_item_get_image(drawable) != image) {
    throw PluginError(_("The drawable to stylize does not belong to the image."));
  }
  if (gimp_item_is_layer_mask(drawable)) return gimp_layer_from_mask(drawable);
  if (!gimp_item_is_layer(drawable)) {
    throw PluginError(_("Neural Style works on layers, and a channel is selected. Select a layer first."));
  }
  return drawable;
}

StyleSource load_style(const FilterSettings& s) {
  if (s.style_drawable >= 0) {
    if (!gimp_item_is_valid(s.style_drawable) || !gimp_item_is_drawable(s.style_drawable)) {
      throw PluginError(format_message(
          _("The style layer (ID %d) no longer exists; its image may have been closed. Choose another style."),
          s.style_drawable));
    }
    gchar* name = gimp_item_get_name(s.style_drawable);
    StyleSource style{read_drawable(s.style_drawable).rgb, name ? name : ""};
    g_free(name);
    return style;
  }
  const std::string path = s.style_file;
  if (!g_file_test(path.c_str(), G_FILE_TEST_EXISTS)) {
    throw PluginError(
        format_message(_("The style image file “%s” does not exist. Choose an existing image file."), path.c_str()));
  }
  try {
    return {neural_style::load_image(path).image, file_stem(path)};
  } catch (const neural_style::Error& e) {
    throw PluginError(format_message(_("The style image “%s” could not be read. Choose a PNG, JPEG, TIFF or other "
                                       "image file.\nDetails: %s"),
                                     path.c_str(), e.what()));
  }
}

gint32 stylize_layer(gint32 image, gint32 drawable, const FilterSettings& settings) {
  check_settings(settings);
  const gint32 layer = source_layer(image, drawable);
  const LayerPixels content = read_drawable(layer);
  const StyleSource style = load_style(settings);
  const std::vector<neural_style::StyleImage> styles{{style.image, 1.0}};
  const neural_style::Options options = job_options(settings);

  Engine& core = engine();
  EngineFailure failure;
  if (!core.validate(content.rgb, styles, options, &failure)) throw_failure(failure);

  gimp_progress_init(_("Neural Style: loading the VGG19 network"));
  gimp_progress_pulse();
  if (!core.load(network_options(settings), &failure)) throw_failure(failure);

  neural_style::Image result;
  const auto on_progress = [](const neural_style::Progress& p) {
    gchar* text =
        g_strdup_printf(_("Neural Style: scale %d of %d (%d × %d), iteration %d of %d, loss %.3g"), p.scale + 1,
                        p.scale_count, p.width, p.height, p.iteration, p.iterations, p.losses.total);
    gimp_progress_set_text(text);
    g_free(text);
    gimp_progress_update(overall_fraction(p));
    return true;  // GIMP 2.10 cancels by ending the plug-in
  };
  if (!core.run(content.rgb, styles, options, on_progress, &result, &failure)) throw_failure(failure);

  // Only now, with the result in hand, is the image touched.
  gimp_progress_set_text(_("Neural Style: adding the layer"));
  gimp_image_undo_group_start(image);
  gint32 new_layer = -1;
  try {
    new_layer = insert_result_layer({format_message(_("%s (Neural Style)"), style.name.c_str()), image, layer}, result,
                                    content);
  } catch (...) {
    gimp_image_undo_group_end(image);
    throw;
  }
  gimp_image_undo_group_end(image);
  gimp_progress_update(1.0);
  return new_layer;
}

}  // namespace neural_style_plugin
