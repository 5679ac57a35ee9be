// One run of the filter with the host left out: the host reads the layer's
// pixels and the style, this runs the engine with the host's progress, and
// the host writes the result. Shared by the GIMP 2.10 and GIMP 3 adapters.
#pragma once

#include <string>

#include "gegl_pixels.h"
#include "neural_style/image.h"
#include "settings.h"

namespace neural_style_plugin {

// The style image and the name the result layer is given after it.
struct StyleSource {
  neural_style::Image image;
  std::string name;
  neural_style::ImageSize own_size;  // the painting's, before it was read smaller
};

// Reads a style image file, no longer than `longest_side` (0: its own
// size; a JPEG is decoded smaller where that is enough). Throws PluginError.
StyleSource load_style_file(const std::string& path, int longest_side = 0);

// "<style> (Neural Style)" (translated).
std::string result_layer_name(const StyleSource& style);

// How the job reports progress to the host (GIMP's progress bar).
class JobProgress {
 public:
  virtual ~JobProgress() = default;
  virtual void start(const std::string& text) = 0;  // busy, no fraction known yet
  virtual void set_text(const std::string& text) = 0;
  virtual void set_fraction(double fraction) = 0;  // 0..1 over the whole job
};

// What a host (a GIMP version) does for a run of the filter: its image
// access. Everything else of the run is stylize() below.
class FilterHost : public JobProgress {
 public:
  // The pixels of the layer to stylize. Throws PluginError.
  virtual LayerPixels read_source() = 0;
  // A layer of any open image, by ID, and its name, no longer than
  // `longest_side` (read_style_pixels()). Throws PluginError.
  virtual StyleSource read_style_layer(int id, int longest_side) = 0;
  // Adds the result above the source (inside an undo group), with the
  // source's size as read and its alpha. Throws PluginError.
  virtual void insert_result(const std::string& name, const neural_style::Image& result, const LayerShape& source) = 0;
  virtual void begin_undo_group() = 0;
  virtual void end_undo_group() = 0;
};

// The style the settings name, a layer through the host or a file, no
// longer than `longest_side`: the engine's style_longest_side() for the
// job, so a large painting is not held at its own size through the job.
StyleSource load_style(FilterHost& host, const FilterSettings& settings, int longest_side);

// The whole run: checks, reads the pixels and the style, runs the engine
// with the host's progress, and only then has the host add the new layer;
// on any failure (PluginError) the image is left exactly as it was.
void stylize(FilterHost& host, const FilterSettings& settings);

// Validates, loads the network and runs the job; nothing of the image is
// touched. Throws PluginError with the user's message on any failure.
neural_style::Image run_filter_job(const neural_style::Image& content, const StyleSource& style,
                                   const FilterSettings& settings, JobProgress& progress);

}  // namespace neural_style_plugin
