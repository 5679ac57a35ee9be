// The PDB procedure: its registration and its arguments.
#pragma once

#include <libgimp/gimp.h>

#include "settings.h"

namespace neural_style_plugin {

// Called from query(): installs the procedure, its menu entry and icon.
// Loads nothing of the engine.
void register_procedure();

// What every call carries, whatever its run mode.
struct RunRequest {
  GimpRunMode mode = GIMP_RUN_NONINTERACTIVE;
  gint32 image = -1;
  gint32 drawable = -1;
};

// Reads the run mode, image and drawable, after checking that they are
// there and of the right types. Throws CallingError.
RunRequest run_request(gint count, const GimpParam* params);

// The settings given by a NONINTERACTIVE call. Throws CallingError when the
// argument count or types are wrong, before reading any argument.
FilterSettings settings_from_arguments(gint count, const GimpParam* params);

}  // namespace neural_style_plugin
