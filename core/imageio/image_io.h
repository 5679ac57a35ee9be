// Image files for the CLI and tests, through GEGL (GIMP's own imaging
// library: 8/16-bit PNG, JPEG and TIFF, with babl's colour conversions).
#pragma once

#include <string>

#include "neural_style/image.h"

namespace neural_style {

struct LoadedImage {
  Image image;
  int bit_depth = 8;  // of the file's samples: 8, 16 or 32
};

// Throws ImageError naming the file and what is wrong with it.
LoadedImage load_image(const std::string& path);

// Format from the extension: .png (8 or 16 bit), .jpg/.jpeg (8 bit),
// .tif/.tiff (8 or 16 bit). Throws ImageError.
void save_image(const Image& image, const std::string& path, int bit_depth = 8);

}  // namespace neural_style
