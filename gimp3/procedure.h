// The GIMP 3 procedure: its registration with GIMP 3's typed arguments,
// and the filter settings a run's config holds.
#pragma once

#include <libgimp/gimp.h>

#include "settings.h"

namespace neural_style_plugin {

// The image procedure `procedure_name`, running `run`. Loads nothing of the
// engine.
GimpProcedure* create_procedure(GimpPlugIn* plug_in, GimpRunImageFunc run);

// The settings a run's config holds (the arguments, or the last values).
// Throws PluginError when a path is too long.
FilterSettings settings_from_config(GimpProcedureConfig* config);

}  // namespace neural_style_plugin
