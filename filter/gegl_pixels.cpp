#include "gegl_pixels.h"

#include <algorithm>
#include <cstddef>

#include "row_sink.h"

namespace neural_style_plugin {
namespace {

const Babl* rgba_float() {
  return babl_format("R'G'B'A float");
}

// Calls row(y, rgba) for each row of the buffer, top to bottom, with its
// pixels as R'G'B'A floats, read a strip of rows at a time: a whole layer
// as RGBA floats would be 16 bytes a pixel more, 576 MB at 36 megapixels.
template <typename Row>
void for_each_row(GeglBuffer* buffer, Row row) {
  constexpr int strip_rows = 64;
  const GeglRectangle* extent = gegl_buffer_get_extent(buffer);
  const int width = extent->width;
  std::vector<float> strip(static_cast<std::size_t>(width) * 4 * strip_rows);
  for (int top = 0; top < extent->height; top += strip_rows) {
    const int rows = std::min(strip_rows, extent->height - top);
    gegl_buffer_get(buffer, GEGL_RECTANGLE(extent->x, extent->y + top, width, rows), 1.0, rgba_float(), strip.data(),
                    GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    for (int y = 0; y < rows; ++y) row(top + y, &strip[static_cast<std::size_t>(y) * width * 4]);
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
  if (alpha) pixels.alpha.resize(static_cast<std::size_t>(width) * extent->height);
  for_each_row(buffer, [&](int y, const float* rgba) {
    copy_colour(rgba, pixels.rgb.pixel(0, y), width);
    if (!alpha) return;
    float* a = &pixels.alpha[static_cast<std::size_t>(y) * width];
    for (int x = 0; x < width; ++x) a[x] = rgba[x * 4 + 3];
  });
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
  gegl_buffer_set(buffer, GEGL_RECTANGLE(0, 0, image.width, image.height), 0, babl_format("R'G'B' float"),
                  image.rgb.data(), GEGL_AUTO_ROWSTRIDE);
}

void write_alpha(GeglBuffer* buffer, const std::vector<float>& alpha, int width, int height) {
  GeglBufferIterator* it = gegl_buffer_iterator_new(buffer, GEGL_RECTANGLE(0, 0, width, height), 0, rgba_float(),
                                                    GEGL_ACCESS_READWRITE, GEGL_ABYSS_NONE, 1);
  while (gegl_buffer_iterator_next(it)) {
    auto* data = static_cast<float*>(it->items[0].data);
    const GeglRectangle& roi = it->items[0].roi;
    for (int y = 0; y < roi.height; ++y) {
      for (int x = 0; x < roi.width; ++x) {
        data[(static_cast<std::size_t>(y) * roi.width + x) * 4 + 3] =
            alpha[static_cast<std::size_t>(roi.y + y) * width + (roi.x + x)];
      }
    }
  }
}

}  // namespace neural_style_plugin
