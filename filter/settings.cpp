#include "settings.h"

#include <cmath>
#include <string>

#include "format_message.h"
#include "i18n.h"
#include "plugin_error.h"

namespace neural_style_plugin {
namespace {

const neural_style::Options engine_defaults;

bool in_range(double value, double low, double high) {
  return std::isfinite(value) && value >= low && value <= high;
}

}  // namespace

double style_weight_for(double strength) {
  return engine_defaults.style_weight * std::pow(10.0, (strength - 50.0) / 50.0);
}

double tv_weight_for(double smoothness) {
  if (smoothness <= 0) return 0.0;
  return engine_defaults.tv_weight * std::pow(10.0, (smoothness - 50.0) / 25.0);
}

void copy_setting_text(gchar* destination, std::size_t capacity, const gchar* value, const char* what) {
  const std::string text = value ? value : "";
  if (text.size() >= capacity) {
    throw PluginError(
        format_message(_("The %s is too long (%zu characters; at most %zu)."), what, text.size(), capacity - 1));
  }
  g_strlcpy(destination, text.c_str(), capacity);
}

void check_settings(const FilterSettings& s) {
  if (s.style_drawable < 0 && s.style_file[0] == '\0') {
    throw PluginError(_("No style image was given. Choose a style image file, or a layer of an open image."));
  }
  if (!in_range(s.style_strength, 0, 100)) {
    throw PluginError(format_message(_("The style strength must be between 0 and 100; it is %g."), s.style_strength));
  }
  if (!in_range(s.content_weight, 0, max_content_weight)) {
    throw PluginError(format_message(_("The content weight must be between 0 and %g; it is %g."), max_content_weight,
                                     s.content_weight));
  }
  if (!in_range(s.smoothness, 0, 100)) {
    throw PluginError(format_message(_("The smoothness must be between 0 and 100; it is %g."), s.smoothness));
  }
  if (s.iterations < 1 || s.iterations > max_iterations) {
    throw PluginError(format_message(_("The number of iterations must be between 1 and %d; it is %d."), max_iterations,
                                     s.iterations));
  }
  if (s.size != 0 && (s.size < min_size || s.size > max_size)) {
    throw PluginError(
        format_message(_("The size must be 0 (the layer's own size) or between %d and %d pixels; it is %d."), min_size,
                       max_size, s.size));
  }
  if (s.optimizer != static_cast<gint32>(StyleOptimizer::lbfgs) &&
      s.optimizer != static_cast<gint32>(StyleOptimizer::adam)) {
    throw PluginError(format_message(_("The optimizer must be 0 (L-BFGS) or 1 (Adam); it is %d."), s.optimizer));
  }
  if (s.init != static_cast<gint32>(StyleInit::content) && s.init != static_cast<gint32>(StyleInit::noise)) {
    throw PluginError(format_message(_("The start must be 0 (from the layer) or 1 (from noise); it is %d."), s.init));
  }
  if (s.keep_colors != FALSE && s.keep_colors != TRUE) {
    throw PluginError(format_message(_("Keep colors must be 0 (no) or 1 (yes); it is %d."), s.keep_colors));
  }
  if (!(s.style_scale > 0) || !in_range(s.style_scale, 0, max_style_scale)) {
    throw PluginError(
        format_message(_("The style scale must be above 0 and at most %g; it is %g."), max_style_scale, s.style_scale));
  }
  if (s.multiscale != FALSE && s.multiscale != TRUE) {
    throw PluginError(format_message(_("Multiscale must be 0 (off) or 1 (on); it is %d."), s.multiscale));
  }
  if (s.seed < 0) throw PluginError(format_message(_("The seed must be 0 or more; it is %d."), s.seed));
  if (s.device < 0 || s.device > static_cast<gint32>(StyleDevice::gpu)) {
    throw PluginError(format_message(_("The device must be 0 (automatic), 1 (CPU) or 2 (GPU); it is %d."), s.device));
  }
}

neural_style::DeviceKind device_kind(gint32 device) {
  switch (static_cast<StyleDevice>(device)) {
    case StyleDevice::cpu: return neural_style::DeviceKind::cpu;
    case StyleDevice::gpu: return neural_style::DeviceKind::cuda;
    case StyleDevice::automatic: break;
  }
  return neural_style::DeviceKind::automatic;
}

neural_style::Options job_options(const FilterSettings& s) {
  neural_style::Options o;
  o.size = s.size;
  o.iterations = s.iterations;
  o.content_weight = s.content_weight;
  o.style_weight = style_weight_for(s.style_strength);
  o.tv_weight = tv_weight_for(s.smoothness);
  o.optimizer = s.optimizer == static_cast<gint32>(StyleOptimizer::adam) ? neural_style::OptimizerKind::adam
                                                                         : neural_style::OptimizerKind::lbfgs;
  o.init =
      s.init == static_cast<gint32>(StyleInit::noise) ? neural_style::InitKind::noise : neural_style::InitKind::content;
  o.seed = static_cast<std::uint64_t>(s.seed);
  o.keep_colors = s.keep_colors != FALSE;
  o.style_scale = s.style_scale;
  o.multiscale.enabled = s.multiscale != FALSE;
  return o;
}

neural_style::NetworkOptions network_options(const FilterSettings& s) {
  neural_style::NetworkOptions n;
  n.weights_path = s.weights_file;
  n.device = device_kind(s.device);
  return n;
}

}  // namespace neural_style_plugin
