// JPEG files through libjpeg directly: corrupt or truncated data is an error
// (libjpeg only warns, and GEGL's loader lets the warning through to the
// terminal and keeps the grey remainder), and a large photo can be decoded
// straight to a fraction of its size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "decoded_image.h"

namespace neural_style {

// `min_longest_side` > 0 lets the decoder scale by 1/2, 1/4 or 1/8 as long as
// the longest side stays at least that large. `max_longest_side` > 0: the
// image comes back no longer than that, scaled so while decoding and then
// averaged down row by row (fitted_style_size()). Throws ImageError naming
// `path`.
LoadedImage decode_jpeg(const std::uint8_t* data, std::size_t size, const std::string& path, int min_longest_side,
                        int max_longest_side = 0);

}  // namespace neural_style
