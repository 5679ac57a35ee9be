#include "gegl_pixels.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>

#include "row_sink.h"

namespace neural_style_plugin {
namespace {

constexpr int strip_rows = 64;

// How a buffer's pixels are read and written: in its own integer type and
// model where it has one, divided (or rounded) here, and a linear layer's
// colour through the sRGB curve here too. babl picks a conversion path by
// timing the candidates, and some are a last bit off: from 8-bit R'G'B' to
// float 1 plug-in run in 12 in GIMP 3.0.4, which the optimiser made a
// different result from the same layer; Debian 13's between linear 8-bit
// and perceptual 16-bit went wrong by whole levels once other conversions
// had run in the process. Read in its own type and model, an RGB layer's
// values are not converted at all (a gray one's only copied to R, G and B,
// a 32-bit one's shortened to 16 bits).
struct Depth {
  const char* type;  // babl's name of the component type
  double max;        // the component's 1.0; 0 for float
  std::size_t bytes;
  bool linear;  // an integer layer with linear colour
};

Depth depth_of(GeglBuffer* buffer) {
  const Babl* format = gegl_buffer_get_format(buffer);
  const Babl* type = babl_format_get_type(format, 0);
  // Perceptual models are named R'G'B', Y'A, R~G~B~ and so on.
  const std::string model = babl_get_name(babl_format_get_model(format));
  const bool linear = model.find_first_of("'~") == std::string::npos;
  if (type == babl_type("u8")) return {"u8", 255.0, 1, linear};
  // 32-bit layers in 16 bits, finer than the network resolves.
  if (type == babl_type("u16") || type == babl_type("u32")) return {"u16", 65535.0, 2, linear};
  return {"float", 0.0, 4, false};
}

// `model` is the perceptual one ("R'G'B'A"); a linear layer's is read as it is.
const Babl* format_of(const Depth& depth, std::string model) {
  if (depth.linear) model.erase(std::remove(model.begin(), model.end(), '\''), model.end());
  return babl_format((model + " " + depth.type).c_str());
}

// The sRGB curve, from linear light to the perceptual values the network
// sees, and back.
double srgb_encode(double v) {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
}
double srgb_decode(double v) {
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

// Component `i` of pixels in `depth`, as a perceptual float (`colour`:
// not an alpha, which is linear in every model).
float component(const Depth& depth, const void* data, std::size_t i, bool colour) {
  double v = 0;
  switch (depth.bytes) {
    case 1: v = static_cast<const guint8*>(data)[i] / depth.max; break;
    case 2: v = static_cast<const guint16*>(data)[i] / depth.max; break;
    default: return static_cast<const float*>(data)[i];
  }
  return static_cast<float>(depth.linear && colour ? srgb_encode(v) : v);
}

// Stores the perceptual colour `value` as component `i` (an integer one
// rounded, from [0, 1]).
void store(const Depth& depth, void* data, std::size_t i, float value) {
  const auto rounded = [&] {
    const double v = std::clamp(static_cast<double>(value), 0.0, 1.0);
    return std::lround((depth.linear ? srgb_decode(v) : v) * depth.max);
  };
  switch (depth.bytes) {
    case 1: static_cast<guint8*>(data)[i] = static_cast<guint8>(rounded()); break;
    case 2: static_cast<guint16*>(data)[i] = static_cast<guint16>(rounded()); break;
    default: static_cast<float*>(data)[i] = value;
  }
}

// Calls row(y, rgba) for each row of the buffer, top to bottom, with its
// pixels as R'G'B'A floats, read a strip of rows at a time: a whole layer
// as RGBA floats would be 16 bytes a pixel more, 576 MB at 36 megapixels.
template <typename Row>
void for_each_row(GeglBuffer* buffer, Row row) {
  const GeglRectangle* extent = gegl_buffer_get_extent(buffer);
  const int width = extent->width;
  const Depth depth = depth_of(buffer);
  const std::size_t row_values = static_cast<std::size_t>(width) * 4;
  std::vector<unsigned char> strip(row_values * strip_rows * depth.bytes);
  std::vector<float> rgba(row_values);
  for (int top = 0; top < extent->height; top += strip_rows) {
    const int rows = std::min(strip_rows, extent->height - top);
    gegl_buffer_get(buffer, GEGL_RECTANGLE(extent->x, extent->y + top, width, rows), 1.0, format_of(depth, "R'G'B'A"),
                    strip.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    for (int y = 0; y < rows; ++y) {
      for (std::size_t i = 0; i < row_values; ++i) {
        rgba[i] = component(depth, strip.data(), y * row_values + i, i % 4 != 3);
      }
      row(top + y, rgba.data());
    }
  }
}

// Float images may hold values outside [0, 1]; the network sees the
// displayable range.
void copy_colour(const float* rgba, float* rgb, int width) {
  for (int x = 0; x < width; ++x) {
    for (int c = 0; c < 3; ++c) rgb[x * 3 + c] = std::clamp(rgba[x * 4 + c], 0.0f, 1.0f);
  }
}

}  // namespace

LayerPixels read_pixels(GeglBuffer* buffer, bool alpha) {
  const GeglRectangle* extent = gegl_buffer_get_extent(buffer);
  const int width = extent->width;
  LayerPixels pixels;
  pixels.rgb = neural_style::Image(width, extent->height);
  pixels.alpha = alpha;
  for_each_row(buffer, [&](int y, const float* rgba) { copy_colour(rgba, pixels.rgb.pixel(0, y), width); });
  return pixels;
}

neural_style::Image read_style_pixels(GeglBuffer* buffer, int max_longest_side) {
  const GeglRectangle* extent = gegl_buffer_get_extent(buffer);
  neural_style::RowSink sink(extent->width, extent->height, max_longest_side);
  for_each_row(buffer, [&](int, const float* rgba) {
    copy_colour(rgba, sink.row(), extent->width);
    sink.commit();
  });
  return sink.finish();
}

void write_rgb(GeglBuffer* buffer, const neural_style::Image& image) {
  const Depth depth = depth_of(buffer);
  const std::size_t row_values = static_cast<std::size_t>(image.width) * 3;
  std::vector<unsigned char> strip(row_values * strip_rows * depth.bytes);
  for (int top = 0; top < image.height; top += strip_rows) {
    const int rows = std::min(strip_rows, image.height - top);
    const float* from = image.pixel(0, top);
    for (std::size_t i = 0; i < row_values * rows; ++i) store(depth, strip.data(), i, from[i]);
    gegl_buffer_set(buffer, GEGL_RECTANGLE(0, top, image.width, rows), 0, format_of(depth, "R'G'B'"), strip.data(),
                    GEGL_AUTO_ROWSTRIDE);
  }
}

void copy_alpha(GeglBuffer* from, GeglBuffer* to) {
  // Both in the type and model of `to`, so its colour is written back
  // exactly as it was read, and the alpha is copied as levels, not
  // converted (the layers of an image share its precision).
  const Depth depth = depth_of(to);
  const Babl* format = format_of(depth, "R'G'B'A");
  GeglRectangle area;
  if (!gegl_rectangle_intersect(&area, gegl_buffer_get_extent(from), gegl_buffer_get_extent(to))) return;
  GeglBufferIterator* it = gegl_buffer_iterator_new(to, &area, 0, format, GEGL_ACCESS_READWRITE, GEGL_ABYSS_NONE, 2);
  gegl_buffer_iterator_add(it, from, &area, 0, format, GEGL_ACCESS_READ, GEGL_ABYSS_NONE);
  while (gegl_buffer_iterator_next(it)) {
    auto* into = static_cast<unsigned char*>(it->items[0].data);
    const auto* alpha = static_cast<const unsigned char*>(it->items[1].data);
    for (std::size_t p = 0; p < static_cast<std::size_t>(it->length); ++p) {
      const std::size_t at = (p * 4 + 3) * depth.bytes;
      std::memcpy(into + at, alpha + at, depth.bytes);
    }
  }
}

}  // namespace neural_style_plugin
