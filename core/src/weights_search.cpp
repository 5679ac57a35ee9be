// Where the weights are looked for when the user names no file.
#include <glib.h>

#include <algorithm>
#include <cstdlib>

#include "neural_style/errors.h"
#include "neural_style/stylizer.h"

namespace neural_style {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string home() {
  std::string h = env("HOME");
  return h.empty() ? g_get_home_dir() : h;
}

// The XDG data dirs, read from the environment on every call (GLib caches
// its own answer for the life of the process).
std::vector<std::string> xdg_data_dirs() {
  std::vector<std::string> dirs;
  std::string user = env("XDG_DATA_HOME");
  dirs.push_back(user.empty() ? home() + "/.local/share" : user);
  std::string system = env("XDG_DATA_DIRS");
  if (system.empty()) system = "/usr/local/share:/usr/share";
  gchar** parts = g_strsplit(system.c_str(), ":", -1);
  for (gchar** p = parts; *p; ++p) {
    if (**p) dirs.emplace_back(*p);
  }
  g_strfreev(parts);
  for (auto& d : dirs) {
    while (d.size() > 1 && d.back() == '/') d.pop_back();
  }
  return dirs;
}

std::string torch_hub_checkpoints() {
  std::string torch_home = env("TORCH_HOME");
  if (torch_home.empty()) {
    std::string cache = env("XDG_CACHE_HOME");
    torch_home = (cache.empty() ? home() + "/.cache" : cache) + "/torch";
  }
  return torch_home + "/hub/checkpoints";
}

bool is_file(const std::string& path) {
  return g_file_test(path.c_str(), G_FILE_TEST_IS_REGULAR);
}

// vgg19*.safetensors first (smaller, faster to load), then vgg19*.pth, each
// in name order.
std::vector<std::string> candidates_in(const std::string& dir) {
  std::vector<std::string> safetensors, pth;
  GDir* d = g_dir_open(dir.c_str(), 0, nullptr);
  if (!d) return {};
  while (const gchar* name = g_dir_read_name(d)) {
    std::string n(name);
    if (n.rfind("vgg19", 0) != 0 || !is_file(dir + "/" + n)) continue;
    if (g_str_has_suffix(name, ".safetensors")) safetensors.push_back(dir + "/" + n);
    if (g_str_has_suffix(name, ".pth")) pth.push_back(dir + "/" + n);
  }
  g_dir_close(d);
  std::sort(safetensors.begin(), safetensors.end());
  std::sort(pth.begin(), pth.end());
  safetensors.insert(safetensors.end(), pth.begin(), pth.end());
  return safetensors;
}

// Why a path given for the weights file is not one.
std::string not_a_file(const std::string& path) {
  if (g_file_test(path.c_str(), G_FILE_TEST_IS_DIR)) return " is a folder, not a file";
  if (g_file_test(path.c_str(), G_FILE_TEST_EXISTS)) return " is not a regular file";
  return " does not exist";
}

const char* const hub_files[] = {"vgg19-dcbb9e9d.pth", "vgg19-d01eb7cb.pth"};
const char* const fetch_hint = "Fetch the weights once with: neural-style-fetch-weights";

}  // namespace

std::vector<std::string> weights_search_path() {
  std::vector<std::string> places;
  places.push_back("$NEURAL_STYLE_WEIGHTS" + (env("NEURAL_STYLE_WEIGHTS").empty()
                                                  ? std::string(" (not set)")
                                                  : " = " + env("NEURAL_STYLE_WEIGHTS")));
  for (const auto& d : xdg_data_dirs()) places.push_back(d + "/neural-style/vgg19*.safetensors|.pth");
  for (const char* f : hub_files) places.push_back(torch_hub_checkpoints() + "/" + f);
  return places;
}

std::string find_weights(const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    if (is_file(explicit_path)) return explicit_path;
    throw WeightsNotFound("The weights file " + explicit_path + not_a_file(explicit_path) +
                              ". Give the path of a VGG19 .pth or .safetensors file, or leave it empty to search "
                              "the usual places.",
                          {explicit_path});
  }
  const std::string from_env = env("NEURAL_STYLE_WEIGHTS");
  if (!from_env.empty()) {
    if (is_file(from_env)) return from_env;
    throw WeightsNotFound("NEURAL_STYLE_WEIGHTS names " + from_env + ", which" + not_a_file(from_env) +
                              ". It must name a VGG19 .pth or .safetensors file: fix or unset it.",
                          {from_env});
  }
  for (const auto& d : xdg_data_dirs()) {
    auto found = candidates_in(d + "/neural-style");
    if (!found.empty()) return found.front();
  }
  for (const char* f : hub_files) {
    const std::string p = torch_hub_checkpoints() + "/" + f;
    if (is_file(p)) return p;
  }
  std::vector<std::string> searched = weights_search_path();
  std::string message = "No VGG19 weights found. Searched:\n";
  for (const auto& s : searched) message += "  " + s + "\n";
  message += fetch_hint;
  message += ".";
  throw WeightsNotFound(message, searched);
}

}  // namespace neural_style
