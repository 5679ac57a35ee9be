#include "filter_job.h"

#include <glib.h>

#include <utility>
#include <vector>

#include "engine_loader.h"
#include "format_message.h"
#include "i18n.h"
#include "image_io.h"
#include "neural_style/style_size.h"
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

}  // namespace

StyleSource load_style_file(const std::string& path, int longest_side) {
  if (!g_file_test(path.c_str(), G_FILE_TEST_EXISTS)) {
    throw PluginError(
        format_message(_("The style image file “%s” does not exist. Choose an existing image file."), path.c_str()));
  }
  try {
    neural_style::LoadLimits limits;
    limits.min_longest_side = limits.max_longest_side = longest_side;
    neural_style::LoadedImage loaded = neural_style::load_image(path, limits);
    return {std::move(loaded.image), file_stem(path), {loaded.file_width, loaded.file_height}};
  } catch (const neural_style::ImageTooLarge& e) {
    throw PluginError(format_message(_("The style image “%s” is %s × %s pixels, more than the %s megapixels a style "
                                       "image may have. Open it in GIMP, scale it down (Image ▸ Scale Image) and "
                                       "export it, or use one of its layers as the style."),
                                     path.c_str(), std::to_string(e.width()).c_str(),
                                     std::to_string(e.height()).c_str(),
                                     std::to_string(e.max_pixels() / 1000000).c_str()));
  } catch (const neural_style::Error& e) {
    throw PluginError(format_message(_("The style image “%s” could not be read. Choose a PNG, JPEG, TIFF or other "
                                       "image file.\nDetails: %s"),
                                     path.c_str(), e.what()));
  }
}

std::string result_layer_name(const StyleSource& style) {
  return format_message(_("%s (Neural Style)"), style.name.c_str());
}

neural_style::Image run_filter_job(const neural_style::Image& content, const StyleSource& style,
                                   const FilterSettings& settings, JobProgress& progress) {
  const std::vector<neural_style::StyleImage> styles{{style.image, 1.0}};
  const neural_style::Options options = job_options(settings);

  Engine& core = engine();
  EngineFailure failure;
  if (!core.validate(content, styles, options, &failure)) throw_failure(failure);

  progress.start(_("Neural Style: loading the VGG19 network"));
  if (!core.load(network_options(settings), &failure)) throw_failure(failure);

  neural_style::Image result;
  // The tile side since the device ran out of memory, in that scale.
  int retiled = 0, retiled_scale = -1;
  const auto on_progress = [&](const neural_style::Progress& p) {
    if (p.retiled > 0) {
      retiled = p.retiled;
      retiled_scale = p.scale;
    }
    // At full size a scale is computed in tiles, and an iteration takes minutes.
    if (p.retiled > 0) {
      progress.set_text(format_message(_("Neural Style: out of memory at %d × %d; going on in smaller tiles of %d px"),
                                       p.width, p.height, p.retiled));
    } else if (p.tile > 0 && retiled > 0 && p.scale == retiled_scale) {
      progress.set_text(format_message(_("Neural Style: scale %d of %d (%d × %d), iteration %d of %d, tile %d of %d "
                                         "(%d px, after running out of memory)"),
                                       p.scale + 1, p.scale_count, p.width, p.height, p.iteration, p.iterations, p.tile,
                                       p.tiles, retiled));
    } else if (p.tile > 0) {
      progress.set_text(format_message(_("Neural Style: scale %d of %d (%d × %d), iteration %d of %d, tile %d of %d"),
                                       p.scale + 1, p.scale_count, p.width, p.height, p.iteration, p.iterations, p.tile,
                                       p.tiles));
    } else {
      progress.set_text(format_message(_("Neural Style: scale %d of %d (%d × %d), iteration %d of %d, loss %.3g"),
                                       p.scale + 1, p.scale_count, p.width, p.height, p.iteration, p.iterations,
                                       p.losses.total));
    }
    progress.set_fraction(p.fraction);
    return true;  // GIMP cancels by ending the plug-in
  };
  if (!core.run(content, styles, options, on_progress, &result, &failure)) throw_failure(failure);
  progress.set_text(_("Neural Style: adding the layer"));
  return result;
}

StyleSource load_style(FilterHost& host, const FilterSettings& settings, int longest_side) {
  if (settings.style_drawable < 0) return load_style_file(settings.style_file, longest_side);
  return host.read_style_layer(settings.style_drawable, longest_side);
}

void stylize(FilterHost& host, const FilterSettings& settings) {
  check_settings(settings);
  LayerPixels content = host.read_source();
  const StyleSource style = load_style(
      host, settings, neural_style::style_longest_side(content.rgb.width, content.rgb.height, job_options(settings)));
  const neural_style::Image result = run_filter_job(content.rgb, style, settings, host);
  const LayerShape shape = content.shape();
  content.rgb = {};  // its 12 bytes a pixel, before the new layer's are written
  // Only now, with the result in hand, is the image touched.
  host.begin_undo_group();
  try {
    host.insert_result(result_layer_name(style), result, shape);
  } catch (...) {
    host.end_undo_group();
    throw;
  }
  host.end_undo_group();
  host.set_fraction(1.0);
}

}  // namespace neural_style_plugin
