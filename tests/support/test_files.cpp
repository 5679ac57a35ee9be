#include "test_files.h"

#include <glib.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace neural_style::test_support {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string file_sha256(const std::string& path) {
  const std::string bytes = read_file(path);
  gchar* sum =
      g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out = sum;
  g_free(sum);
  return out;
}

std::vector<std::string> regular_files_in(const std::string& folder) {
  std::vector<std::string> out;
  GDir* d = g_dir_open(folder.c_str(), 0, nullptr);
  while (const gchar* name = d ? g_dir_read_name(d) : nullptr) {
    if (g_file_test((folder + "/" + name).c_str(), G_FILE_TEST_IS_REGULAR)) out.push_back(name);
  }
  if (d) g_dir_close(d);
  std::sort(out.begin(), out.end());
  return out;
}

TempDir::TempDir() {
  gchar* dir = g_dir_make_tmp("neural-style-test-XXXXXX", nullptr);
  if (!dir) throw std::runtime_error("cannot create a temporary directory");
  path_ = dir;
  g_free(dir);
}

TempDir::~TempDir() {
  const std::string cmd = "rm -rf '" + path_ + "'";
  if (std::system(cmd.c_str()) != 0) g_warning("could not remove %s", path_.c_str());
}

}  // namespace neural_style::test_support
