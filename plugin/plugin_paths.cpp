#include "plugin_paths.h"

#include <gmodule.h>
#include <libgimp/gimp.h>

#include <climits>
#include <cstdlib>

#include "i18n.h"

namespace neural_style_plugin {

std::string plugin_directory() {
  // GIMP starts plug-ins by their full path; resolve links so a linked
  // executable still finds the files installed beside the real one.
  const char* progname = gimp_get_progname();
  std::string path = progname ? progname : "";
  if (char* real = realpath(path.c_str(), nullptr)) {
    path = real;
    std::free(real);
  }
  gchar* dir = g_path_get_dirname(path.c_str());
  std::string result = dir;
  g_free(dir);
  return result;
}

std::string engine_module_path() {
  gchar* path = g_module_build_path(plugin_directory().c_str(), "neural-style-engine");
  std::string result = path;
  g_free(path);
  return result;
}

std::string locale_directory() {
  return plugin_directory() + G_DIR_SEPARATOR_S "locale";
}

std::string icon_path(int size) {
  return plugin_directory() + G_DIR_SEPARATOR_S "icons" G_DIR_SEPARATOR_S "neural-style-" + std::to_string(size) +
         ".png";
}

void init_translations() {
  static bool done = false;
  if (done) return;
  bindtextdomain(GETTEXT_PACKAGE, locale_directory().c_str());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  done = true;
}

}  // namespace neural_style_plugin
