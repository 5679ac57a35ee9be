// The GIMP 3 procedure: its registration with GIMP 3's typed arguments,
// and the filter settings a run's config holds.
#pragma once

#include <libgimp/gimp.h>

#include "settings.h"

namespace neural_style_plugin {

// The image procedure `procedure_name`, running `run`. Loads nothing of the
// engine.
GimpProcedure* create_procedure(GimpPlugIn* plug_in, GimpRunImageFunc run);

// The dialog's own settings: auxiliary arguments, kept with the last values
// but not part of the PDB call.
namespace aux {
constexpr const char* style_source = "style-source";  // "file" or "layer"
constexpr const char* quality = "quality";            // a QualityChoice id
constexpr const char* live_preview = "live-preview";
}  // namespace aux

// The settings a run's config holds (the arguments, or the last values).
// Throws PluginError when a path is too long.
FilterSettings settings_from_config(GimpProcedureConfig* config);

// The settings the dialog shows: those of the config, with the style
// source and live preview of its auxiliary arguments applied.
FilterSettings dialog_settings(GimpProcedureConfig* config);

}  // namespace neural_style_plugin
