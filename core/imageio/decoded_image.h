// What a decoder hands back: the pixels, and the sample depth of the file.
#pragma once

#include "neural_style/image.h"

namespace neural_style {

struct LoadedImage {
  Image image;
  int bit_depth = 8;  // of the file's samples: 8, 16 or 32
  // The file's own size; larger than image's when the decoder scaled down
  // (JPEG decodes straight to 1/2, 1/4 or 1/8 when that is enough).
  int file_width = 0;
  int file_height = 0;
};

}  // namespace neural_style
