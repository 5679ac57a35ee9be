// Image files for the CLI, the plug-in's style files and tests. PNG and JPEG
// are decoded strictly (libpng, libjpeg: a damaged file is an error), other
// formats through GEGL (TIFF, WebP, ...). Writing is atomic: an existing
// file is replaced only by a complete new one.
#pragma once

#include <cstdint>
#include <string>

#include "decoded_image.h"
#include "neural_style/image.h"

namespace neural_style {

struct LoadLimits {
  // Larger images are refused before any pixel is decoded (ImageTooLarge).
  std::uint64_t max_pixels = default_max_image_pixels;
  // > 0: the decoder may return a smaller image whose longest side is still
  // at least this (JPEG scales by 1/2, 1/4, 1/8 while decoding).
  int min_longest_side = 0;
  // > 0: the image comes back no longer than this, averaged down as
  // neural_style::fit_style_image() does. PNG and JPEG are averaged row by
  // row as they are decoded, so a large painting is never held at its own
  // size (at 8 bits and not interlaced, not even its samples).
  int max_longest_side = 0;
};

// Throws ImageError (ImageTooLarge) naming the file and what is wrong.
LoadedImage load_image(const std::string& path, const LoadLimits& limits = {});

enum class OutputFormat { png, jpeg, tiff };

// From the extension: .png, .jpg/.jpeg, .tif/.tiff (any case). Throws
// ImageError for any other.
OutputFormat output_format(const std::string& path);

// PNG and TIFF take 8 or 16 bits, JPEG 8. The old file, if any, stays whole
// until the new one is complete on disk. Throws ImageError.
void save_image(const Image& image, const std::string& path, int bit_depth = 8);

}  // namespace neural_style
