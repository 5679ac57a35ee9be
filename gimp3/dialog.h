// The GIMP 3 dialog: GIMP's generated widgets for the settings (a
// GimpProcedureDialog), file choosers for the style and weights files, and
// the live preview, device line and time estimate of filter/live_preview.h.
// Last values come from and go to `config`.
#pragma once

#include <libgimp/gimp.h>

namespace neural_style_plugin {

// Shows the dialog for stylizing `drawable` of `image`; false when the user
// cancelled.
bool run_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, GimpImage* image, GimpDrawable* drawable);

}  // namespace neural_style_plugin
