// Image header sniffing: tiny hand-built headers of each format, their
// truncated variants (format known, size 0) and garbage (unknown).
#include <gtest/gtest.h>

#include <string>

#include "image_header.h"

using namespace neural_style;

namespace {

ImageHeader read(const std::string& bytes) {
  return read_image_header(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::string le(std::uint64_t v, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}
std::string be(std::uint64_t v, int n) {
  std::string s;
  for (int i = n - 1; i >= 0; --i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + be(13, 4) + "IHDR" + be(640, 4) + be(480, 4) +
                        std::string("\x08\x02\0\0\0", 5);
// SOI, APP0 (JFIF), fill bytes, DHT, SOF2 (progressive).
const std::string jpeg = std::string("\xff\xd8\xff\xe0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20) +
                         std::string("\xff\xff\xc4\x00\x03\x00", 6) + std::string("\xff\xc2\x00\x0b\x08", 5) +
                         be(480, 2) + be(640, 2) + std::string("\x01\x01\x11\x00\xff\xd9", 6);
const std::string tiff_le = "II*" + std::string(1, '\0') + le(8, 4) + le(2, 2) + le(256, 2) + le(3, 2) + le(1, 4) +
                            le(640, 4) + le(257, 2) + le(4, 2) + le(1, 4) + le(480, 4) + le(0, 4);
const std::string tiff_be = "MM" + be(42, 2) + be(8, 4) + be(2, 2) + be(256, 2) + be(4, 2) + be(1, 4) + be(640, 4) +
                            be(257, 2) + be(3, 2) + be(1, 4) + be(480, 2) + be(0, 2) + be(0, 4);
const std::string bigtiff = "II" + le(43, 2) + le(8, 2) + le(0, 2) + le(16, 8) + le(2, 8) + le(256, 2) + le(16, 2) +
                            le(1, 8) + le(640, 8) + le(257, 2) + le(3, 2) + le(1, 8) + le(480, 8) + le(0, 8);
const std::string pnm = "P6\n# made by hand\n640 # width\n480\n255\n";
const std::string webp_lossy =
    "RIFF" + le(30, 4) + "WEBPVP8 " + le(10, 4) + std::string("\x10\x02\x00\x9d\x01\x2a", 6) + le(640, 2) + le(480, 2);
const std::string webp_lossless = "RIFF" + le(30, 4) + "WEBPVP8L" + le(5, 4) + "\x2f" + le(639 | (479 << 14), 4);
const std::string webp_extended = "RIFF" + le(30, 4) + "WEBPVP8X" + le(10, 4) + le(0, 4) + le(639, 3) + le(479, 3);
const std::string gif = "GIF89a" + le(640, 2) + le(480, 2) + std::string("\0\0\0", 3);
const std::string bmp =
    "BM" + le(0, 12) + le(40, 4) + le(640, 4) + le(static_cast<std::uint32_t>(-480), 4) + le(1, 2) + le(24, 2);
const std::string bmp_core = "BM" + le(0, 12) + le(12, 4) + le(640, 2) + le(480, 2) + le(1, 2) + le(24, 2);

}  // namespace

TEST(ImageHeader, ReadsEachFormat) {
  const std::pair<std::string, ImageFormat> cases[] = {
      {png, ImageFormat::png},
      {jpeg, ImageFormat::jpeg},
      {tiff_le, ImageFormat::tiff},
      {tiff_be, ImageFormat::tiff},
      {bigtiff, ImageFormat::tiff},
      {pnm, ImageFormat::pnm},
      {webp_lossy, ImageFormat::webp},
      {webp_lossless, ImageFormat::webp},
      {webp_extended, ImageFormat::webp},
      {gif, ImageFormat::gif},
      {bmp, ImageFormat::bmp},
      {bmp_core, ImageFormat::bmp},
  };
  for (const auto& [bytes, format] : cases) {
    const ImageHeader h = read(bytes);
    EXPECT_EQ(h.format, format) << image_format_name(format);
    EXPECT_EQ(h.width, 640u) << image_format_name(format);
    EXPECT_EQ(h.height, 480u) << image_format_name(format);
  }
}

TEST(ImageHeader, TruncatedHeadersKeepTheFormatWithoutASize) {
  const std::pair<std::string, std::size_t> cases[] = {
      {png, 8},      {png, 20}, {jpeg, 3}, {jpeg, 30}, {tiff_le, 4},     {tiff_le, 20},
      {bigtiff, 20}, {pnm, 2},  {pnm, 8},  {pnm, 22},  {webp_lossy, 12}, {webp_lossless, 24},
      {gif, 6},      {gif, 9},  {bmp, 2},  {bmp, 25}};
  for (const auto& [bytes, keep] : cases) {
    const std::string cut = bytes.substr(0, keep);
    const ImageHeader full = read(bytes), h = read(cut);
    EXPECT_EQ(h.format, full.format) << image_format_name(full.format) << " cut to " << keep;
    EXPECT_EQ(h.width, 0u) << image_format_name(full.format) << " cut to " << keep;
    EXPECT_EQ(h.height, 0u) << image_format_name(full.format) << " cut to " << keep;
  }
}

TEST(ImageHeader, EveryPrefixIsSafe) {
  for (const std::string* bytes : {&png, &jpeg, &tiff_le, &tiff_be, &bigtiff, &pnm, &webp_lossy, &webp_lossless,
                                   &webp_extended, &gif, &bmp, &bmp_core}) {
    for (std::size_t n = 0; n <= bytes->size(); ++n) {
      const ImageHeader h = read(bytes->substr(0, n));
      EXPECT_EQ(h.width == 0, h.height == 0);
    }
  }
}

TEST(ImageHeader, GarbageIsUnknown) {
  for (const std::string& bytes :
       {std::string(), std::string("hello world"), std::string("P7\n3 3\n"), std::string("\xff\xd8", 2),
        std::string("RIFF\0\0\0\0WAVE", 12), std::string("II\x2b", 3), std::string("GIF90a")}) {
    const ImageHeader h = read(bytes);
    EXPECT_EQ(h.format, ImageFormat::unknown) << bytes;
    EXPECT_EQ(h.width, 0u);
  }
  EXPECT_EQ(read_image_header(nullptr, 0).format, ImageFormat::unknown);
  EXPECT_STREQ(image_format_name(ImageFormat::unknown), "unknown");
  EXPECT_STREQ(image_format_name(ImageFormat::jpeg), "JPEG");
}

TEST(ImageHeader, JpegMarkersAreWalked) {
  // A segment whose length runs past the end, and data before any frame.
  EXPECT_EQ(read(std::string("\xff\xd8\xff\xe1\x40\x00xx", 8)).width, 0u);
  EXPECT_EQ(read(std::string("\xff\xd8\xff\xda\x00\x02", 6)).width, 0u);
  // Standalone markers (RST0, TEM) between segments have no length.
  const std::string with_rst = std::string("\xff\xd8\xff\xd0\xff\x01\xff\xc0\x00\x0b\x08", 11) + be(2, 2) + be(3, 2) +
                               std::string("\x01\x01\x11\x00", 4);
  EXPECT_EQ(read(with_rst).width, 3u);
  EXPECT_EQ(read(with_rst).height, 2u);
}
