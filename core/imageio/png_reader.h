// PNG files through libpng directly, so that a damaged or truncated file is
// an error (GEGL's loader stylises whatever part it could read) and libpng's
// own messages never reach the terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "decoded_image.h"

namespace neural_style {

// `max_longest_side` > 0: the image comes back no longer than that,
// averaged down as it is decoded (fitted_style_size()). Throws ImageError
// naming `path` and libpng's reason.
LoadedImage decode_png(const std::uint8_t* data, std::size_t size, const std::string& path, int max_longest_side = 0);

}  // namespace neural_style
