// The interactive dialog (GTK 2, gimpui).
#pragma once

#include <libgimp/gimp.h>

#include "settings.h"

namespace neural_style_plugin {

// Shows the dialog for `drawable`, editing `settings`. Returns true when the
// user pressed OK.
bool run_dialog(gint32 image, gint32 drawable, FilterSettings* settings);

}  // namespace neural_style_plugin
