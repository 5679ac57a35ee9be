#include "image_io.h"

#include <gegl.h>
#include <glib/gstdio.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>
#include <mutex>

#include "atomic_output.h"
#include "image_header.h"
#include "jpeg_reader.h"
#include "library_messages.h"
#include "neural_style/errors.h"
#include "neural_style/style_size.h"
#include "path_parts.h"
#include "png_reader.h"

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
  const std::string dotted = split_extension(name_of(path)).second;
  if (dotted.empty()) return "";
  std::string ext = dotted.substr(1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

struct MappedFileDeleter {
  void operator()(GMappedFile* f) const { g_mapped_file_unref(f); }
};

void check_size(const std::string& path, std::uint64_t width, std::uint64_t height, const LoadLimits& limits) {
  if (width * height > limits.max_pixels) throw ImageTooLarge(path, width, height, limits.max_pixels);
}

std::string first_line(const std::vector<std::string>& messages) {
  return messages.empty() ? std::string() : messages.front();
}

// Every other format, through GEGL's loaders (which print their complaints
// through GLib: collected here and turned into an error).
// The loader is chosen by the file's content where it is known (gegl:load
// goes by the extension, and a temporary file has none).
const char* gegl_loader(ImageFormat format) {
  switch (format) {
    case ImageFormat::tiff: return "gegl:tiff-load";
    case ImageFormat::pnm: return "gegl:ppm-load";
    case ImageFormat::webp: return "gegl:webp-load";
    case ImageFormat::gif: return "gegl:gif-load";
    default: return "gegl:load";
  }
}

LoadedImage load_with_gegl(const std::string& path, ImageFormat format, const LoadLimits& limits) {
  ensure_gegl();
  LibraryMessages log;
  GeglNode* graph = gegl_node_new();
  GeglNode* load = gegl_node_new_child(graph, "operation", gegl_loader(format), "path", path.c_str(), nullptr);
  const GeglRectangle box = gegl_node_get_bounding_box(load);  // reads the header only
  if (box.width > 0 && box.height > 0) {
    try {
      check_size(path, static_cast<std::uint64_t>(box.width), static_cast<std::uint64_t>(box.height), limits);
    } catch (...) {
      g_object_unref(graph);
      throw;
    }
  }
  GeglBuffer* buffer = nullptr;
  GeglNode* sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, nullptr);
  gegl_node_link(load, sink);
  gegl_node_process(sink);
  g_object_unref(graph);
  const GeglRectangle* extent = buffer ? gegl_buffer_get_extent(buffer) : nullptr;
  const auto complaints = log.warnings();
  if (!extent || extent->width <= 0 || extent->height <= 0 || !complaints.empty()) {
    if (buffer) g_object_unref(buffer);
    throw ImageError("Cannot read " + path +
                     (complaints.empty() ? ": it is not an image in a format we can read (PNG, JPEG, TIFF, WebP, ...)."
                                         : ": the file is damaged (" + first_line(complaints) + ").") +
                     " Open it in an image editor to check it, or export it as PNG or JPEG.");
  }
  LoadedImage out;
  const Babl* stored = gegl_buffer_get_format(buffer);
  const int components = babl_format_get_n_components(stored);
  out.bit_depth = components > 0 ? 8 * babl_format_get_bytes_per_pixel(stored) / components : 8;
  out.file_width = extent->width;
  out.file_height = extent->height;
  out.image = Image(extent->width, extent->height);
  GeglRectangle rect = {extent->x, extent->y, extent->width, extent->height};
  // Alpha is dropped (the colour under transparent pixels is kept).
  gegl_buffer_get(buffer, &rect, 1.0, babl_format("R'G'B' float"), out.image.rgb.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return out;
}

}  // namespace

LoadedImage load_image(const std::string& path, const LoadLimits& limits) {
  if (!g_file_test(path.c_str(), G_FILE_TEST_EXISTS)) {
    throw ImageError("The image file " + path + " does not exist.");
  }
  if (!g_file_test(path.c_str(), G_FILE_TEST_IS_REGULAR)) throw ImageError(path + " is not a file.");
  GError* error = nullptr;
  std::unique_ptr<GMappedFile, MappedFileDeleter> file(g_mapped_file_new(path.c_str(), FALSE, &error));
  if (!file) {
    const std::string why = error->message;
    g_error_free(error);
    throw ImageError("Cannot read " + path + ": " + why + ".");
  }
  const auto* data = reinterpret_cast<const std::uint8_t*>(g_mapped_file_get_contents(file.get()));
  const std::size_t size = g_mapped_file_get_length(file.get());
  if (size == 0) throw ImageError("Cannot read " + path + ": the file is empty.");

  const ImageHeader header = read_image_header(data, size);
  if (header.format != ImageFormat::unknown) {
    if (header.width == 0 || header.height == 0) {
      throw ImageError("Cannot read " + path + ": the " + image_format_name(header.format) +
                       " file is damaged (its header gives no valid size). Export it again.");
    }
    check_size(path, header.width, header.height, limits);
  }
  const std::string ext = lower_extension(path);
  if (header.format == ImageFormat::unknown &&
      (ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "tif" || ext == "tiff")) {
    throw ImageError("Cannot read " + path + ": it is not an image; its content is not " +
                     (ext == "png"                    ? "PNG"
                      : ext == "tif" || ext == "tiff" ? "TIFF"
                                                      : "JPEG") +
                     ", whatever its name says. Choose an image file.");
  }
  switch (header.format) {
    case ImageFormat::png: return decode_png(data, size, path, limits.max_longest_side);
    case ImageFormat::jpeg: return decode_jpeg(data, size, path, limits.min_longest_side, limits.max_longest_side);
    default: {
      file.reset();
      LoadedImage loaded = load_with_gegl(path, header.format, limits);
      loaded.image = fit_style_image(std::move(loaded.image), limits.max_longest_side);
      return loaded;
    }
  }
}

OutputFormat output_format(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == "png") return OutputFormat::png;
  if (ext == "jpg" || ext == "jpeg") return OutputFormat::jpeg;
  if (ext == "tif" || ext == "tiff") return OutputFormat::tiff;
  throw ImageError("Cannot write " + path + ": " +
                   (ext.empty() ? std::string("the name has no extension") : "unknown file type \"." + ext + "\"") +
                   "; end it in .png, .jpg or .tif.");
}

void save_image(const Image& image, const std::string& path, int bit_depth) {
  const OutputFormat format = output_format(path);
  if (image.empty()) throw ImageError("Cannot write " + path + ": the image is empty.");
  if (bit_depth != 8 && bit_depth != 16) {
    throw ImageError("Cannot write " + path + " with " + std::to_string(bit_depth) + " bits; use 8 or 16.");
  }
  ensure_gegl();
  AtomicOutput output(path);
  const bool deep = bit_depth == 16 && format != OutputFormat::jpeg;
  const char* operation = format == OutputFormat::png    ? "gegl:png-save"
                          : format == OutputFormat::jpeg ? "gegl:jpg-save"
                                                         : "gegl:tiff-save";
  {
    LibraryMessages log;
    // TIFF takes its sample size from the buffer's format.
    GeglRectangle rect = {0, 0, image.width, image.height};
    GeglBuffer* buffer = gegl_buffer_new(&rect, babl_format(deep ? "R'G'B' u16" : "R'G'B' u8"));
    gegl_buffer_set(buffer, &rect, 0, babl_format("R'G'B' float"), image.rgb.data(), GEGL_AUTO_ROWSTRIDE);
    GeglNode* graph = gegl_node_new();
    GeglNode* source = gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, nullptr);
    GeglNode* save = gegl_node_new_child(graph, "operation", operation, "path", output.temp_path().c_str(), nullptr);
    if (format == OutputFormat::png) gegl_node_set(save, "bitdepth", deep ? 16 : 8, nullptr);
    if (format == OutputFormat::jpeg) gegl_node_set(save, "quality", 95, nullptr);
    gegl_node_link(source, save);
    gegl_node_process(save);
    g_object_unref(graph);
    g_object_unref(buffer);
    if (!log.warnings().empty()) {
      throw ImageError("Cannot write " + path + ": " + first_line(log.warnings()) + ". Nothing was replaced.");
    }
  }
  // GEGL does not report every failed write (a full disk, a file size
  // limit): read the new file back before it replaces anything.
  try {
    // No pixel limit here: a result may be larger than the inputs' limit.
    const LoadedImage check = load_image(output.temp_path(), {std::numeric_limits<std::uint64_t>::max(), 0});
    if (check.image.width != image.width || check.image.height != image.height) throw ImageError("size differs");
  } catch (const ImageError&) {
    throw ImageError("Cannot write " + path +
                     ": the new file came out incomplete (is the disk full, or a file size limit set?). "
                     "Nothing was replaced.");
  }
  output.commit();
}

}  // namespace neural_style
