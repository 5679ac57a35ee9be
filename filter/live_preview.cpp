#include "live_preview.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine_loader.h"
#include "format_message.h"
#include "i18n.h"
#include "neural_style/style_size.h"
#include "plugin_error.h"
#include "time_estimate.h"

namespace neural_style_plugin {
namespace {

constexpr int preview_iterations = 40;
constexpr int preview_refresh_every = 5;
constexpr guint preview_delay_ms = 400;  // wait for the user to stop dragging

}  // namespace

// Shared with the updates queued on the main loop: they arrive after the
// worker thread sent them, and must find out whether the preview still is.
struct LivePreview::Token {
  LivePreview* preview;
};

LivePreview::LivePreview(PreviewView& view, neural_style::Image thumbnail, int layer_width, int layer_height,
                         PreviewStyleReader read_style)
    : view_(view),
      thumbnail_(std::move(thumbnail)),
      layer_width_(layer_width),
      layer_height_(layer_height),
      read_style_(std::move(read_style)),
      token_(std::make_shared<Token>(Token{this})) {
  try {
    Engine& core = engine();
    for (int kind = 0; kind < static_cast<int>(device_text_.size()); ++kind) {
      EngineFailure failure;
      std::string text;
      device_text_[kind] =
          core.describe_device(device_kind(kind), &text, &failure) ? text : std::string(_("not available here"));
    }
    engine_ready_ = true;
  } catch (const PluginError& e) {
    device_text_.fill(_("not available here"));
    view_.show_status(e.what());
  }
  std::weak_ptr<Token> weak = token_;
  worker_ = std::make_unique<PreviewWorker>([weak](PreviewUpdate update) {
    // On the worker thread: only the main loop touches the preview.
    const std::shared_ptr<Token> token = weak.lock();
    if (!token) return;
    g_idle_add(
        [](gpointer data) -> gboolean {
          std::unique_ptr<std::pair<std::shared_ptr<Token>, PreviewUpdate>> d(
              static_cast<std::pair<std::shared_ptr<Token>, PreviewUpdate>*>(data));
          if (d->first->preview) d->first->preview->show(d->second);
          return G_SOURCE_REMOVE;
        },
        new std::pair<std::shared_ptr<Token>, PreviewUpdate>(token, std::move(update)));
  });
}

LivePreview::~LivePreview() {
  stop();
}

void LivePreview::stop() {
  token_->preview = nullptr;
  if (pending_) g_source_remove(pending_);
  pending_ = 0;
  if (worker_) worker_->stop();
}

void LivePreview::settings_changed(const FilterSettings& settings) {
  if (!token_->preview) return;
  settings_ = settings;
  update_estimate();
  if (pending_) g_source_remove(pending_);
  pending_ = g_timeout_add(preview_delay_ms, start_later, this);
}

gboolean LivePreview::start_later(gpointer self) {
  auto* preview = static_cast<LivePreview*>(self);
  preview->pending_ = 0;
  preview->start();
  return G_SOURCE_REMOVE;
}

void LivePreview::update_estimate() {
  const std::size_t device = static_cast<std::size_t>(std::clamp(settings_.device, 0, 2));
  std::string text = format_message(_("Runs on: %s"), device_text_[device].c_str()) + "\n";
  if (seconds_per_megapixel_iteration_ > 0) {
    const double seconds =
        seconds_per_megapixel_iteration_ * job_megapixel_iterations(settings_, layer_width_, layer_height_);
    text += format_message(_("Estimated time: %s"), describe_duration(seconds).c_str());
  } else {
    text += _("Estimated time: known once the preview has run");
  }
  // Too large for this size: said now, as OK would say it (with the
  // painting's size once the preview has read it).
  const bool style_known = cached_style_key_.rfind(style_key() + "@", 0) == 0;
  const std::string too_large = memory_warning(settings_, layer_width_, layer_height_,
                                               style_known ? cached_style_.own_size : neural_style::ImageSize{});
  if (!too_large.empty()) {
    text += "\n" + too_large;
  } else if (settings_.size > 0 && std::max(layer_width_, layer_height_) > settings_.size) {
    // Below full size a large layer gets an enlarged result: say what keeps detail.
    text += "\n" + format_message(_("Solved at %d px and enlarged; “Full layer size” keeps the layer’s detail."),
                                  settings_.size);
  }
  view_.show_estimate(text);
}

std::string LivePreview::style_key() const {
  return settings_.style_drawable >= 0 ? "layer:" + std::to_string(settings_.style_drawable)
                                       : std::string("file:") + settings_.style_file;
}

const neural_style::Image& LivePreview::style_for_preview(const neural_style::Options& options) {
  // Read at the size the preview's job uses it (its style scale times the
  // thumbnail's side), not at the painting's own.
  const int longest = neural_style::style_longest_side(thumbnail_.width, thumbnail_.height, options);
  const std::string key = style_key() + "@" + std::to_string(longest);
  if (key != cached_style_key_) {
    const bool new_painting = cached_style_key_.rfind(style_key() + "@", 0) != 0;
    cached_style_ = read_style_(settings_, longest);  // throws PluginError
    cached_style_key_ = key;
    if (new_painting) update_estimate();  // its size is known now
  }
  return cached_style_.image;
}

void LivePreview::start() {
  ++generation_;
  view_.show_image(thumbnail_);
  if (!settings_.live_preview || !engine_ready_ || thumbnail_.empty()) {
    if (engine_ready_) view_.show_status(_("Preview off"));
    worker_->cancel();
    return;
  }
  try {
    check_settings(settings_);
    PreviewRequest request;
    request.generation = generation_;
    request.content = thumbnail_;
    request.options = job_options(settings_);
    request.options.size = 0;  // the thumbnail's own size
    request.options.iterations = preview_iterations;
    request.options.multiscale.enabled = false;
    request.options.progress_image_every = preview_refresh_every;
    request.style = style_for_preview(request.options);
    request.network = network_options(settings_);
    EngineFailure failure;
    if (!engine().validate(request.content, {{request.style, 1.0}}, request.options, &failure)) {
      throw_failure(failure);
    }
    view_.show_status(_("Preview: starting"));
    worker_->request(std::move(request));
  } catch (const PluginError& e) {
    worker_->cancel();
    view_.show_status(e.what());
  }
}

void LivePreview::show(const PreviewUpdate& u) {
  if (u.generation != generation_) return;  // a superseded run
  if (!u.image.empty()) view_.show_image(u.image);
  if (!u.error.empty()) {
    view_.show_status(u.error);
  } else if (u.finished) {
    view_.show_status(_("Preview done"));
    if (u.seconds_per_megapixel_iteration > 0) seconds_per_megapixel_iteration_ = u.seconds_per_megapixel_iteration;
    update_estimate();
  } else {
    view_.show_status(format_message(_("Preview: iteration %d of %d"), u.iteration, u.iterations));
  }
}

neural_style::Image thumbnail_image(const guchar* data, int width, int height, int bpp) {
  if (!data || width < 1 || height < 1 || bpp < 1 || bpp > 4) return {};
  neural_style::Image image(width, height);
  const bool gray = bpp <= 2;
  for (std::size_t i = 0; i < static_cast<std::size_t>(width) * height; ++i) {
    for (std::size_t c = 0; c < 3; ++c) image.rgb[i * 3 + c] = data[i * bpp + (gray ? 0 : c)] / 255.0f;
  }
  return image;
}

std::vector<guchar> rgb8(const neural_style::Image& image) {
  std::vector<guchar> rgb(image.rgb.size());
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    rgb[i] = static_cast<guchar>(std::lround(std::clamp(image.rgb[i], 0.0f, 1.0f) * 255.0f));
  }
  return rgb;
}

}  // namespace neural_style_plugin
