#include "jpeg_reader.h"

// jpeglib.h needs size_t and FILE declared first.
#include <cstddef>
#include <cstdio>
// clang-format off
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

#include <algorithm>
#include <csetjmp>
#include <optional>
#include <vector>

#include "neural_style/errors.h"
#include "row_sink.h"

namespace neural_style {
namespace {

struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char reason[JMSG_LENGTH_MAX];
};

[[noreturn]] void on_error(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->reason);
  std::longjmp(e->jump, 1);
}

// libjpeg only warns about corrupt or missing data ("Premature end of JPEG
// file") and fills in grey; here that is an error, since the result would
// be a stylised broken photo. A few warnings that many cameras' files cause
// and that leave every pixel intact are let through silently, as are trace
// messages (level > 0).
void on_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;
  switch (cinfo->err->msg_code) {
    case JWRN_EXTRANEOUS_DATA:
    case JWRN_JFIF_MAJOR:
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC: return;
    default: on_error(cinfo);
  }
}

// The largest 1/2^k reduction whose longest side stays >= min_longest_side.
unsigned scale_denominator(unsigned width, unsigned height, int min_longest_side) {
  if (min_longest_side <= 0) return 1;
  const unsigned longest = std::max(width, height);
  unsigned denom = 1;
  while (denom < 8 && (longest + 2 * denom - 1) / (2 * denom) >= static_cast<unsigned>(min_longest_side)) denom *= 2;
  return denom;
}

}  // namespace

LoadedImage decode_jpeg(const std::uint8_t* data, std::size_t size, const std::string& path, int min_longest_side,
                        int max_longest_side) {
  // Everything that outlives a longjmp is set up before setjmp.
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  LoadedImage out;
  std::vector<JSAMPLE> row;
  std::optional<RowSink> sink;
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.emit_message = on_message;
  err.reason[0] = '\0';
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    throw ImageError("Cannot read " + path + ": the JPEG file is damaged or incomplete (" + err.reason +
                     "). Open it in an image editor to check it, or export it again.");
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  out.file_width = static_cast<int>(cinfo.image_width);
  out.file_height = static_cast<int>(cinfo.image_height);
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  // The floating-point inverse DCT: the most accurate one, and the one
  // GEGL's and so GIMP's loader uses, so both read a photo identically.
  cinfo.dct_method = JDCT_FLOAT;
  cinfo.scale_num = 1;
  cinfo.scale_denom =
      scale_denominator(cinfo.image_width, cinfo.image_height, std::max(min_longest_side, max_longest_side));
  jpeg_start_decompress(&cinfo);

  const unsigned width = cinfo.output_width, height = cinfo.output_height;
  const int channels = cinfo.output_components;
  sink.emplace(static_cast<int>(width), static_cast<int>(height), max_longest_side);
  row.resize(static_cast<std::size_t>(width) * channels);
  while (cinfo.output_scanline < height) {
    JSAMPROW r = row.data();
    jpeg_read_scanlines(&cinfo, &r, 1);
    float* dst = sink->row();
    for (unsigned x = 0; x < width; ++x) {
      const JSAMPLE* s = &row[static_cast<std::size_t>(x) * channels];
      if (cmyk) {
        // Photoshop writes CMYK JPEGs inverted (Adobe marker); so do all
        // common tools. Without a colour profile this is the usual mapping.
        const float k = s[3] / 255.0f;
        for (int c = 0; c < 3; ++c) dst[3 * x + c] = s[c] / 255.0f * k;
      } else {
        for (int c = 0; c < 3; ++c) dst[3 * x + c] = s[c] / 255.0f;
      }
    }
    sink->commit();
  }
  jpeg_finish_decompress(&cinfo);  // reads to the end marker
  jpeg_destroy_decompress(&cinfo);
  out.image = sink->finish();
  out.bit_depth = 8;
  return out;
}

}  // namespace neural_style
