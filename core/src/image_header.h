// Reads an image file's format and dimensions from its first bytes, without
// decoding pixels (and without GEGL), so callers can check sizes early.
#pragma once

#include <cstddef>
#include <cstdint>

namespace neural_style {

enum class ImageFormat { unknown, png, jpeg, tiff, pnm, webp, gif, bmp };

struct ImageHeader {
  ImageFormat format = ImageFormat::unknown;
  std::uint64_t width = 0, height = 0;  // 0 when the format is known but the header is damaged/truncated
};

// Reads the dimensions from a file's bytes (the whole file, memory-mapped by
// the caller) without decoding pixels. Never throws, never reads outside
// [data, data+size).
ImageHeader read_image_header(const std::uint8_t* data, std::size_t size);

const char* image_format_name(ImageFormat format);  // "PNG", "JPEG", ...

}  // namespace neural_style
