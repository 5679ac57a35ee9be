// The filter's settings: what the PDB procedure takes, what the dialog
// edits, and what gimp_set_data() keeps as the last values.
#pragma once

#include <glib.h>

#include <cstddef>

#include "neural_style/options.h"

namespace neural_style_plugin {

constexpr const char* procedure_name = "plug-in-neural-style";

enum class StyleOptimizer : gint32 { lbfgs = 0, adam = 1 };
enum class StyleInit : gint32 { content = 0, noise = 1 };
enum class StyleDevice : gint32 { automatic = 0, cpu = 1, gpu = 2 };

// Plain data (fixed-size strings) so gimp_set_data() can store it as is.
struct FilterSettings {
  gchar style_file[4096] = "";
  gint32 style_drawable = -1;   // a layer of any open image; -1 = use style_file
  gdouble style_strength = 50;  // 0..100, see style_weight_for()
  gdouble content_weight = 1.0;
  gdouble smoothness = 50;  // 0..100, see tv_weight_for()
  gint32 iterations = 40;   // at the final size: Standard's (neural_style/presets.h)
  gint32 size = 512;        // longest side of the working size; 0 = the layer's own size
  gint32 optimizer = static_cast<gint32>(StyleOptimizer::lbfgs);
  gint32 init = static_cast<gint32>(StyleInit::content);
  gint32 keep_colors = FALSE;
  gdouble style_scale = 1.0;
  gint32 multiscale = TRUE;
  gint32 seed = 0;
  gint32 device = static_cast<gint32>(StyleDevice::automatic);
  gchar weights_file[4096] = "";
  gint32 live_preview = TRUE;  // dialog only
};

// Limits the PDB enforces (the dialog's ranges are the same).
constexpr gint32 min_size = 32;
constexpr gint32 max_size = 16384;
constexpr gint32 max_iterations = 10000;
constexpr gdouble max_content_weight = 1e6;
constexpr gdouble max_style_scale = 8.0;

// Strength 50 is the engine's default style weight; every 50 steps multiply
// it by 10 (0 = faint, 100 = the style dominates).
double style_weight_for(double strength);
// Smoothness 50 is the engine's default TV weight; 0 turns TV off; every 25
// steps multiply it by 10.
double tv_weight_for(double smoothness);

// Copies `value` (nullptr = "") into a fixed-size text setting. Throws
// PluginError naming `what` when it does not fit.
void copy_setting_text(gchar* destination, std::size_t capacity, const gchar* value, const char* what);

// Throws PluginError (translated) naming the first bad setting.
void check_settings(const FilterSettings& settings);

neural_style::Options job_options(const FilterSettings& settings);
neural_style::NetworkOptions network_options(const FilterSettings& settings);
neural_style::DeviceKind device_kind(gint32 device);

}  // namespace neural_style_plugin
