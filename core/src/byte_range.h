// Bounds checks for offsets read from a file: every sum of untrusted 64-bit
// values is done here, in a form that cannot wrap around.
#pragma once

#include <cstdint>

namespace neural_style {

// True when [offset, offset + length) lies within [0, size).
constexpr bool range_within(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace neural_style
