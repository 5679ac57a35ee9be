// One run of the filter, from the user's settings to the new layer.
#pragma once

#include <libgimp/gimp.h>

#include "settings.h"

namespace neural_style_plugin {

// The whole job: checks, reads the pixels, runs the engine with GIMP's
// progress, and only then writes one new layer in one undo group; on any
// failure (PluginError) the image is left exactly as it was. Returns the new
// layer's ID.
gint32 stylize_layer(gint32 image, gint32 drawable, const FilterSettings& settings);

// The style image the settings name (a layer, or a file read with GEGL),
// and the name the result layer is given after it. Throws PluginError.
struct StyleSource {
  neural_style::Image image;
  std::string name;
};
StyleSource load_style(const FilterSettings& settings);

// The layer a drawable stands for (a mask stands for its layer). Throws
// PluginError for channels and drawables of other images.
gint32 source_layer(gint32 image, gint32 drawable);

}  // namespace neural_style_plugin
