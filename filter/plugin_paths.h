// Where the plug-in's files are: everything it needs (engine module,
// translations, icons) is installed beside its executable, so a user can
// install it into their own plug-ins folder without root.
#pragma once

#include <string>

namespace neural_style_plugin {

std::string plugin_directory();
std::string engine_module_path();
std::string locale_directory();
// The menu icon at `size` px (PNG).
std::string icon_path(int size);

// Binds GETTEXT_PACKAGE to locale_directory(), once.
void init_translations();

}  // namespace neural_style_plugin
