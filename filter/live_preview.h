// The dialog's live preview, device line and time estimate, whatever the
// toolkit: runs the preview on a thumbnail in a PreviewWorker, restarts it
// once the user stops editing, and words what the dialog shows. Each
// adapter draws through a PreviewView with its own widgets. Lives on the
// GLib main loop's thread.
#pragma once

#include <glib.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "filter_job.h"
#include "neural_style/image.h"
#include "preview_worker.h"
#include "settings.h"

namespace neural_style_plugin {

class PreviewView {
 public:
  virtual ~PreviewView() = default;
  // An image at most LivePreview::side pixels square, to be centred.
  virtual void show_image(const neural_style::Image& image) = 0;
  virtual void show_status(const std::string& text) = 0;    // under the preview
  virtual void show_estimate(const std::string& text) = 0;  // device line and time estimate
};

// The style the settings name, for the preview, no longer than
// `longest_side` (load_style()). Throws PluginError.
using PreviewStyleReader = std::function<StyleSource(const FilterSettings&, int longest_side)>;

class LivePreview {
 public:
  static constexpr int side = 160;  // the preview's size, and the thumbnail's longest side

  // Loads the engine and names the devices (the engine's failure is shown
  // as the status, and the preview stays off).
  LivePreview(PreviewView& view, neural_style::Image thumbnail, int layer_width, int layer_height,
              PreviewStyleReader read_style);
  ~LivePreview();  // stop()
  LivePreview(const LivePreview&) = delete;
  LivePreview& operator=(const LivePreview&) = delete;

  // The estimate follows at once; the preview restarts after a pause.
  void settings_changed(const FilterSettings& settings);
  // Cancels the preview and ends its thread, so the engine is free for the
  // job; nothing is shown after this.
  void stop();

 private:
  struct Token;  // lets queued main-loop calls find out that the preview is gone
  static gboolean start_later(gpointer self);
  void start();
  void show(const PreviewUpdate& update);
  void update_estimate();
  const neural_style::Image& style_for_preview(const neural_style::Options& options);

  PreviewView& view_;
  neural_style::Image thumbnail_;
  int layer_width_;
  int layer_height_;
  PreviewStyleReader read_style_;
  FilterSettings settings_;
  std::array<std::string, 3> device_text_;  // per StyleDevice
  bool engine_ready_ = false;
  double seconds_per_megapixel_iteration_ = 0;  // measured by the preview
  std::shared_ptr<Token> token_;
  std::unique_ptr<PreviewWorker> worker_;
  int generation_ = 0;
  guint pending_ = 0;
  std::string cached_style_key_;
  StyleSource cached_style_;
  // The style the settings name, without the size it is read at: the
  // estimate's memory check needs its own size, whatever the preview's.
  std::string style_key() const;
};

// A layer thumbnail's bytes (bpp 1 to 4: gray, gray+alpha, RGB, RGBA) as an
// image; alpha is ignored.
neural_style::Image thumbnail_image(const guchar* data, int width, int height, int bpp);

// 8-bit RGB rows for drawing, the values clamped to 0..1 first.
std::vector<guchar> rgb8(const neural_style::Image& image);

}  // namespace neural_style_plugin
