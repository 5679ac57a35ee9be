#include "image_header.h"

#include <cstring>

namespace neural_style {
namespace {

// Bounds-checked reads: every reader below goes through these, so no input
// can make it read outside [data, data + size).
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::size_t size() const { return size_; }
  bool has(std::uint64_t offset, std::uint64_t length) const { return offset <= size_ && length <= size_ - offset; }
  bool starts_with(std::uint64_t offset, const char* text) const {
    const std::size_t n = std::strlen(text);
    return has(offset, n) && std::memcmp(data_ + offset, text, n) == 0;
  }
  std::uint8_t at(std::uint64_t offset) const { return data_[offset]; }  // after has()
  // Unsigned integer of n bytes, big- or little-endian; 0 when out of range.
  std::uint64_t uint(std::uint64_t offset, int n, bool big_endian) const {
    if (!has(offset, static_cast<std::uint64_t>(n))) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) {
      const std::uint64_t b = data_[offset + static_cast<std::uint64_t>(i)];
      v |= big_endian ? b << (8 * (n - 1 - i)) : b << (8 * i);
    }
    return v;
  }
  std::uint64_t be(std::uint64_t offset, int n) const { return uint(offset, n, true); }
  std::uint64_t le(std::uint64_t offset, int n) const { return uint(offset, n, false); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

ImageHeader sized(ImageFormat format, std::uint64_t width, std::uint64_t height) {
  ImageHeader h;
  h.format = format;
  if (width > 0 && height > 0) {  // both or neither: a zero side means damage
    h.width = width;
    h.height = height;
  }
  return h;
}

ImageHeader png(const Bytes& b) {
  if (!b.starts_with(12, "IHDR") || !b.has(16, 8)) return sized(ImageFormat::png, 0, 0);
  return sized(ImageFormat::png, b.be(16, 4), b.be(20, 4));
}

// Walks the marker segments to the first start-of-frame.
ImageHeader jpeg(const Bytes& b) {
  std::uint64_t i = 2;
  while (b.has(i, 1) && b.at(i) == 0xFF) {
    while (b.has(i, 1) && b.at(i) == 0xFF) ++i;  // fill bytes
    if (!b.has(i, 1)) break;
    const std::uint8_t marker = b.at(i++);
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (marker == 0x00 || marker == 0xD9 || marker == 0xDA) break;  // no frame header before the data
    const std::uint64_t length = b.be(i, 2);
    if (length < 2 || !b.has(i, length)) break;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (length < 7) break;
      return sized(ImageFormat::jpeg, b.be(i + 5, 2), b.be(i + 3, 2));  // precision, height, width
    }
    i += length;
  }
  return sized(ImageFormat::jpeg, 0, 0);
}

// Tags 256 (ImageWidth) and 257 (ImageLength) of the first IFD.
ImageHeader tiff(const Bytes& b) {
  const bool big = b.at(0) == 'M';
  const bool bigtiff = b.uint(2, 2, big) == 43;
  const int offset_size = bigtiff ? 8 : 4, count_size = bigtiff ? 8 : 2, entry_size = bigtiff ? 20 : 12;
  const std::uint64_t ifd = b.uint(bigtiff ? 8 : 4, offset_size, big);
  const std::uint64_t count = b.uint(ifd, count_size, big);
  if (ifd == 0 || !b.has(ifd, static_cast<std::uint64_t>(count_size))) return sized(ImageFormat::tiff, 0, 0);
  std::uint64_t width = 0, height = 0;
  for (std::uint64_t k = 0, e = ifd + count_size; k < count && b.has(e, entry_size); ++k, e += entry_size) {
    const std::uint64_t tag = b.uint(e, 2, big), type = b.uint(e + 2, 2, big);
    const std::uint64_t value_at = e + (bigtiff ? 12 : 8);  // after tag, type and count
    std::uint64_t value = 0;
    if (type == 3) value = b.uint(value_at, 2, big);              // SHORT
    if (type == 4) value = b.uint(value_at, 4, big);              // LONG
    if (type == 16 && bigtiff) value = b.uint(value_at, 8, big);  // LONG8
    if (tag == 256) width = value;
    if (tag == 257) height = value;
  }
  return sized(ImageFormat::tiff, width, height);
}

// P1-P6: magic, then width and height as decimal text; # starts a comment.
ImageHeader pnm(const Bytes& b) {
  std::uint64_t i = 2, values[2] = {0, 0};
  for (auto& v : values) {
    for (;;) {  // whitespace and comments
      if (!b.has(i, 1)) return sized(ImageFormat::pnm, 0, 0);
      const std::uint8_t c = b.at(i);
      if (c == '#') {
        while (b.has(i, 1) && b.at(i) != '\n' && b.at(i) != '\r') ++i;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        ++i;
      } else {
        break;
      }
    }
    if (b.at(i) < '0' || b.at(i) > '9') return sized(ImageFormat::pnm, 0, 0);
    for (; b.has(i, 1) && b.at(i) >= '0' && b.at(i) <= '9'; ++i) {
      if (v > 1'000'000'000'000ULL) return sized(ImageFormat::pnm, 0, 0);  // no real image is this large
      v = v * 10 + (b.at(i) - '0');
    }
  }
  return sized(ImageFormat::pnm, values[0], values[1]);
}

// RIFF....WEBP, then the first chunk: lossy, lossless or extended.
ImageHeader webp(const Bytes& b) {
  if (b.starts_with(12, "VP8 ") && b.has(20, 10) && b.be(23, 3) == 0x9D012A) {
    return sized(ImageFormat::webp, b.le(26, 2) & 0x3FFF, b.le(28, 2) & 0x3FFF);
  }
  if (b.starts_with(12, "VP8L") && b.has(20, 5) && b.at(20) == 0x2F) {
    const std::uint64_t bits = b.le(21, 4);
    return sized(ImageFormat::webp, 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
  }
  if (b.starts_with(12, "VP8X") && b.has(20, 10)) {
    return sized(ImageFormat::webp, 1 + b.le(24, 3), 1 + b.le(27, 3));
  }
  return sized(ImageFormat::webp, 0, 0);
}

ImageHeader gif(const Bytes& b) {
  return sized(ImageFormat::gif, b.le(6, 2), b.le(8, 2));
}

// BITMAPCOREHEADER (12 bytes) has 16-bit sides; the later ones signed 32-bit,
// a negative height meaning rows stored top-down.
ImageHeader bmp(const Bytes& b) {
  const std::uint64_t dib = b.le(14, 4);
  if (dib == 12) return sized(ImageFormat::bmp, b.le(18, 2), b.le(20, 2));
  if (dib < 16 || !b.has(18, 8)) return sized(ImageFormat::bmp, 0, 0);
  const auto width = static_cast<std::int32_t>(b.le(18, 4));
  const auto height = static_cast<std::int64_t>(static_cast<std::int32_t>(b.le(22, 4)));
  if (width <= 0) return sized(ImageFormat::bmp, 0, 0);
  return sized(ImageFormat::bmp, static_cast<std::uint64_t>(width),
               static_cast<std::uint64_t>(height < 0 ? -height : height));
}

}  // namespace

ImageHeader read_image_header(const std::uint8_t* data, std::size_t size) {
  if (!data) size = 0;
  const Bytes b(data, size);
  if (b.starts_with(0, "\x89PNG\r\n\x1a\n")) return png(b);
  if (b.has(0, 3) && b.be(0, 3) == 0xFFD8FF) return jpeg(b);
  if (b.starts_with(0, "II") || b.starts_with(0, "MM")) {
    const std::uint64_t magic = b.uint(2, 2, b.at(0) == 'M');
    if (magic == 42 || magic == 43) return tiff(b);
  }
  if (b.has(0, 2) && b.at(0) == 'P' && b.at(1) >= '1' && b.at(1) <= '6') {
    const bool separated =
        !b.has(2, 1) || b.at(2) == ' ' || b.at(2) == '\t' || b.at(2) == '\n' || b.at(2) == '\r' || b.at(2) == '#';
    if (separated) return pnm(b);
  }
  if (b.starts_with(0, "RIFF") && b.starts_with(8, "WEBP")) return webp(b);
  if (b.starts_with(0, "GIF87a") || b.starts_with(0, "GIF89a")) return gif(b);
  if (b.starts_with(0, "BM")) return bmp(b);
  return {};
}

const char* image_format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::png: return "PNG";
    case ImageFormat::jpeg: return "JPEG";
    case ImageFormat::tiff: return "TIFF";
    case ImageFormat::pnm: return "PNM";
    case ImageFormat::webp: return "WebP";
    case ImageFormat::gif: return "GIF";
    case ImageFormat::bmp: return "BMP";
    case ImageFormat::unknown: break;
  }
  return "unknown";
}

}  // namespace neural_style
