// CRC-32 (IEEE, as in zip) to detect damaged downloads of .pth files.
#pragma once

#include <cstddef>
#include <cstdint>

namespace neural_style {

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace neural_style
