// The GIMP 3 dialog: GIMP's generated widgets for the settings, with file
// choosers for the style and weights files. Last values come from and go
// to `config`.
#pragma once

#include <libgimp/gimp.h>

namespace neural_style_plugin {

// Shows the dialog; false when the user cancelled.
bool run_dialog(GimpProcedure* procedure, GimpProcedureConfig* config);

}  // namespace neural_style_plugin
