#include "path_parts.h"

#include <glib.h>

namespace neural_style {

std::string folder_of(const std::string& path) {
  gchar* dir = g_path_get_dirname(path.c_str());
  std::string out = dir;
  g_free(dir);
  return out;
}

std::string name_of(const std::string& path) {
  gchar* base = g_path_get_basename(path.c_str());
  std::string out = base;
  g_free(base);
  return out;
}

std::pair<std::string, std::string> split_extension(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return {name, ""};
  return {name.substr(0, dot), name.substr(dot)};
}

}  // namespace neural_style
