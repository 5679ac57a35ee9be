#include "crc32.h"

#include <zlib.h>

#include <algorithm>

namespace neural_style {

// zlib's crc32() (fuzzed and optimised upstream) takes a 32-bit length, so
// large records are fed in chunks.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
  uLong c = crc;
  while (size > 0) {
    const std::size_t n = std::min<std::size_t>(size, 1u << 30);
    c = ::crc32(c, data, static_cast<uInt>(n));
    data += n;
    size -= n;
  }
  return static_cast<std::uint32_t>(c);
}

}  // namespace neural_style
