#include "gegl_pixels.h"

#include <algorithm>
#include <cstddef>

namespace neural_style_plugin {
namespace {

const Babl* rgba_float() {
  return babl_format("R'G'B'A float");
}

}  // namespace

LayerPixels read_pixels(GeglBuffer* buffer, bool alpha) {
  const GeglRectangle* extent = gegl_buffer_get_extent(buffer);
  const int width = extent->width;
  const int height = extent->height;
  const std::size_t count = static_cast<std::size_t>(width) * height;
  std::vector<float> rgba(count * 4);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(extent->x, extent->y, width, height), 1.0, rgba_float(), rgba.data(),
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);

  LayerPixels pixels;
  pixels.rgb = neural_style::Image(width, height);
  if (alpha) pixels.alpha.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    // Float images may hold values outside [0, 1]; the network sees the
    // displayable range.
    for (int c = 0; c < 3; ++c) pixels.rgb.rgb[i * 3 + c] = std::clamp(rgba[i * 4 + c], 0.0f, 1.0f);
    if (alpha) pixels.alpha[i] = rgba[i * 4 + 3];
  }
  return pixels;
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
