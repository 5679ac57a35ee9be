#include "image_io.h"

#include <gegl.h>
#include <glib/gstdio.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "neural_style/errors.h"

namespace neural_style {
namespace {

void ensure_gegl() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_setenv("GEGL_USE_OPENCL", "no", FALSE);
    gegl_init(nullptr, nullptr);
  });
}

std::string lower_extension(const std::string& path) {
  const auto dot = path.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

}  // namespace

LoadedImage load_image(const std::string& path) {
  ensure_gegl();
  if (!g_file_test(path.c_str(), G_FILE_TEST_EXISTS)) {
    throw ImageError("The image file " + path + " does not exist.");
  }
  if (!g_file_test(path.c_str(), G_FILE_TEST_IS_REGULAR)) {
    throw ImageError(path + " is not a file.");
  }
  GeglNode* graph = gegl_node_new();
  GeglBuffer* buffer = nullptr;
  GeglNode* load = gegl_node_new_child(graph, "operation", "gegl:load", "path", path.c_str(), nullptr);
  GeglNode* sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, nullptr);
  gegl_node_link(load, sink);
  gegl_node_process(sink);
  g_object_unref(graph);
  const GeglRectangle* extent = buffer ? gegl_buffer_get_extent(buffer) : nullptr;
  if (!extent || extent->width <= 0 || extent->height <= 0) {
    if (buffer) g_object_unref(buffer);
    throw ImageError("Cannot read " + path + ": it is not an image in a format GEGL can load (PNG, JPEG, TIFF, ...).");
  }
  LoadedImage out;
  const Babl* format = gegl_buffer_get_format(buffer);
  const int components = babl_format_get_n_components(format);
  out.bit_depth = components > 0 ? 8 * babl_format_get_bytes_per_pixel(format) / components : 8;
  out.image = Image(extent->width, extent->height);
  GeglRectangle rect = {extent->x, extent->y, extent->width, extent->height};
  // Alpha is dropped (the colour under transparent pixels is kept).
  gegl_buffer_get(buffer, &rect, 1.0, babl_format("R'G'B' float"), out.image.rgb.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return out;
}

void save_image(const Image& image, const std::string& path, int bit_depth) {
  ensure_gegl();
  if (image.empty()) throw ImageError("Cannot write " + path + ": the image is empty.");
  if (bit_depth != 8 && bit_depth != 16) {
    throw ImageError("Cannot write " + path + " with " + std::to_string(bit_depth) + " bits; use 8 or 16.");
  }
  const std::string ext = lower_extension(path);
  const bool deep = bit_depth == 16;
  const char* operation = nullptr;
  if (ext == "png") {
    operation = "gegl:png-save";
  } else if (ext == "jpg" || ext == "jpeg") {
    operation = "gegl:jpg-save";
  } else if (ext == "tif" || ext == "tiff") {
    operation = "gegl:tiff-save";
  } else {
    throw ImageError("Cannot write " + path + ": unknown file type \"." + ext + "\"; use .png, .jpg or .tif.");
  }
  // TIFF takes its sample size from the buffer's format.
  const Babl* format = babl_format(deep && ext != "jpg" && ext != "jpeg" ? "R'G'B' u16" : "R'G'B' u8");
  GeglRectangle rect = {0, 0, image.width, image.height};
  GeglBuffer* buffer = gegl_buffer_new(&rect, format);
  gegl_buffer_set(buffer, &rect, 0, babl_format("R'G'B' float"), image.rgb.data(), GEGL_AUTO_ROWSTRIDE);

  g_remove(path.c_str());
  GeglNode* graph = gegl_node_new();
  GeglNode* source = gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, nullptr);
  GeglNode* save = gegl_node_new_child(graph, "operation", operation, "path", path.c_str(), nullptr);
  if (ext == "png") gegl_node_set(save, "bitdepth", deep ? 16 : 8, nullptr);
  if (ext == "jpg" || ext == "jpeg") gegl_node_set(save, "quality", 95, nullptr);
  gegl_node_link(source, save);
  gegl_node_process(save);
  g_object_unref(graph);
  g_object_unref(buffer);
  // GEGL's save operations report failure only as a warning.
  GStatBuf st;
  if (g_stat(path.c_str(), &st) != 0 || st.st_size == 0) {
    throw ImageError("Cannot write " + path + ": check that its folder exists and is writable.");
  }
}

}  // namespace neural_style
