#include "png_reader.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "neural_style/errors.h"
#include "row_sink.h"

namespace neural_style {
namespace {

struct Source {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at;
  char reason[256];  // libpng's error, copied before the longjmp
};

void read_bytes(png_structp png, png_bytep out, png_size_t n) {
  auto* s = static_cast<Source*>(png_get_io_ptr(png));
  if (n > s->size - s->at) png_error(png, "the file ends early");
  std::memcpy(out, s->data + s->at, n);
  s->at += n;
}

void on_error(png_structp png, png_const_charp message) {
  auto* s = static_cast<Source*>(png_get_io_ptr(png));
  std::snprintf(s->reason, sizeof s->reason, "%s", message);
  png_longjmp(png, 1);
}

// Warnings (an unusual colour profile, an unknown chunk) do not make the
// pixels wrong, and libpng would print them; damage is reported as an error.
void on_warning(png_structp, png_const_charp) {}

}  // namespace

LoadedImage decode_png(const std::uint8_t* data, std::size_t size, const std::string& path, int max_longest_side) {
  // Everything that outlives a longjmp is set up before setjmp and is
  // trivially destructible, or owned outside this frame.
  Source source{data, size, 0, {0}};
  LoadedImage out;
  std::vector<png_bytep> rows;
  std::vector<std::uint8_t> pixels;
  std::optional<RowSink> sink;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, on_error, on_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_read_struct(&png, &info, nullptr);
    throw ImageError("Not enough memory to read " + path + ".");
  }
  png_set_read_fn(png, &source, read_bytes);
  // Dimensions were checked against the pixel limit before decoding; this
  // only keeps libpng's own default (1,000,000 per side) out of the way.
  png_set_user_limits(png, 0x7fffffff, 0x7fffffff);

  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    throw ImageError("Cannot read " + path + ": the PNG file is damaged or incomplete (" + source.reason +
                     "). Open it in an image editor to check it, or export it again.");
  }
  png_read_info(png, info);
  const int depth = png_get_bit_depth(png, info);
  // Every layout becomes 8- or 16-bit RGB: palettes and low-depth grey
  // expand, grey is copied to three channels, alpha is dropped (the colour
  // under transparent pixels is kept).
  png_set_expand(png);
  png_set_gray_to_rgb(png);
  png_set_strip_alpha(png);
  const std::uint16_t one = 1;
  if (depth == 16 && *reinterpret_cast<const std::uint8_t*>(&one) == 1) png_set_swap(png);  // to host order
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);

  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  const std::size_t row_bytes = png_get_rowbytes(png, info);
  out.bit_depth = depth == 16 ? 16 : 8;
  out.file_width = static_cast<int>(width);
  out.file_height = static_cast<int>(height);
  sink.emplace(out.file_width, out.file_height, max_longest_side);
  const std::size_t samples = static_cast<std::size_t>(width) * 3;
  const auto add_row = [&](const std::uint8_t* row) {
    float* dst = sink->row();
    if (out.bit_depth == 16) {
      const auto* s = reinterpret_cast<const std::uint16_t*>(row);
      for (std::size_t i = 0; i < samples; ++i) dst[i] = s[i] / 65535.0f;
    } else {
      for (std::size_t i = 0; i < samples; ++i) dst[i] = row[i] / 255.0f;
    }
    sink->commit();
  };
  if (passes == 1) {
    // Row by row: the file's samples are never all held at once.
    pixels.resize(row_bytes);
    for (png_uint_32 y = 0; y < height; ++y) {
      png_read_row(png, pixels.data(), nullptr);
      add_row(pixels.data());
    }
  } else {
    // An interlaced image comes together only after its last pass.
    pixels.resize(row_bytes * height);
    rows.resize(height);
    for (png_uint_32 y = 0; y < height; ++y) rows[y] = pixels.data() + y * row_bytes;
    png_read_image(png, rows.data());
    for (png_uint_32 y = 0; y < height; ++y) add_row(rows[y]);
  }
  png_read_end(png, nullptr);  // reads to IEND: a cut-off file fails here
  png_destroy_read_struct(&png, &info, nullptr);
  out.image = sink->finish();
  return out;
}

}  // namespace neural_style
