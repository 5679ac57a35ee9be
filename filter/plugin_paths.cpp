#include "plugin_paths.h"

#include <glib.h>

#include <clocale>

#include "i18n.h"

namespace neural_style_plugin {

std::string plugin_directory() {
  // The running executable with every link resolved, so a linked plug-in
  // still finds the files installed beside the real one; asked from the
  // kernel rather than from libgimp, so every host adapter shares it.
  gchar* exe = g_file_read_link("/proc/self/exe", nullptr);
  gchar* dir = g_path_get_dirname(exe ? exe : ".");
  g_free(exe);
  std::string result = dir;
  g_free(dir);
  return result;
}

std::string engine_module_path() {
  // The name meson gives the module on Linux (GLib 2.76 deprecates
  // g_module_build_path).
  return plugin_directory() + G_DIR_SEPARATOR_S "libneural-style-engine.so";
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
  // GIMP 3's libgimp leaves the process in the "C" locale, where gettext
  // ignores LANGUAGE: take the user's language for messages only (numbers
  // keep the "C" format the engine and file parsers expect).
  setlocale(LC_MESSAGES, "");
  bindtextdomain(GETTEXT_PACKAGE, locale_directory().c_str());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  done = true;
}

}  // namespace neural_style_plugin
