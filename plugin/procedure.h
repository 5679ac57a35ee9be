// The PDB procedure: its registration and its arguments.
#pragma once

#include <libgimp/gimp.h>

#include "settings.h"

namespace neural_style_plugin {

// Called from query(): installs the procedure, its menu entry and icon.
// Loads nothing of the engine.
void register_procedure();

// The settings given by a NONINTERACTIVE call. Throws PluginError when the
// argument count or types are wrong.
FilterSettings settings_from_arguments(gint count, const GimpParam* params);

}  // namespace neural_style_plugin
