#include "mapped_file.h"

#include <glib.h>

#include "neural_style/errors.h"

namespace neural_style {

MappedFile::MappedFile(const std::string& path) : path_(path) {
  GError* error = nullptr;
  map_ = g_mapped_file_new(path.c_str(), FALSE, &error);
  if (!map_) {
    std::string reason = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw WeightsFormatError("Cannot open the weights file " + path + ": " + reason + ".");
  }
  data_ = reinterpret_cast<const std::uint8_t*>(g_mapped_file_get_contents(map_));
  size_ = g_mapped_file_get_length(map_);
}

MappedFile::~MappedFile() {
  if (map_) g_mapped_file_unref(map_);
}

}  // namespace neural_style
