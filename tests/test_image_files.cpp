// Image files: strict decoding, the pixel limit before decoding, JPEG decoded
// at a reduced size, and writes that never leave a damaged file behind.
#include <gegl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>
#include <png.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <vector>

#include "image_io.h"
#include "neural_style/errors.h"
#include "neural_style/style_size.h"
#include "support/test_files.h"
#include "support/test_images.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

// Lowers this process's file size limit for one scope (the soft limit only,
// so it can be raised again).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit lower = old_;
    lower.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &lower);
  }
  ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &old_); }

 private:
  rlimit old_;
};

// The pixels GEGL's own loader (GIMP's) gives for a file.
std::vector<float> gegl_pixels(const std::string& path) {
  GeglNode* graph = gegl_node_new();
  GeglBuffer* buffer = nullptr;
  GeglNode* load = gegl_node_new_child(graph, "operation", "gegl:load", "path", path.c_str(), nullptr);
  GeglNode* sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, nullptr);
  gegl_node_link(load, sink);
  gegl_node_process(sink);
  g_object_unref(graph);
  const GeglRectangle* extent = gegl_buffer_get_extent(buffer);
  std::vector<float> out(static_cast<std::size_t>(extent->width) * extent->height * 3);
  gegl_buffer_get(buffer, extent, 1.0, babl_format("R'G'B' float"), out.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return out;
}

// An RGB PNG of 8 or 16 bits, Adam7-interlaced when asked (save_image()
// writes none).
void write_png(const std::string& path, const Image& image, int depth, bool interlaced) {
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, file);
  png_set_IHDR(png, info, image.width, image.height, depth, PNG_COLOR_TYPE_RGB,
               interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  const int bytes = depth / 8;
  const std::size_t row_bytes = static_cast<std::size_t>(image.width) * 3 * bytes;
  std::vector<png_byte> pixels(row_bytes * image.height);
  for (std::size_t i = 0; i < image.rgb.size(); ++i) {
    const unsigned v = static_cast<unsigned>(std::lround(image.rgb[i] * (depth == 16 ? 65535.0 : 255.0)));
    if (bytes == 2) {
      pixels[2 * i] = static_cast<png_byte>(v >> 8);  // PNG's order: big-endian
      pixels[2 * i + 1] = static_cast<png_byte>(v & 0xff);
    } else {
      pixels[i] = static_cast<png_byte>(v);
    }
  }
  std::vector<png_bytep> rows(image.height);
  for (int y = 0; y < image.height; ++y) rows[y] = pixels.data() + y * row_bytes;
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(file);
}

}  // namespace

TEST(ImageFiles, DecodesExactlyAsGimpsOwnLoader) {
  // The optimisation amplifies tiny input differences (one JPEG IDCT
  // against another, 2e-4 on average, changed a 40-iteration result
  // completely), so the CLI must read a file exactly as GIMP does.
  TempDir dir;
  const Image picture = make_style_image(61, 47);
  for (const auto& [name, depth] :
       std::vector<std::pair<std::string, int>>{{"a.jpg", 8}, {"b.png", 8}, {"c.png", 16}}) {
    save_image(picture, dir.file(name), depth);
    EXPECT_EQ(load_image(dir.file(name)).image.rgb, gegl_pixels(dir.file(name))) << name;
  }
}

TEST(ImageFiles, RoundTripsEveryFormatAndDepth) {
  TempDir dir;
  const Image picture = make_content_image(37, 23);
  for (const auto& [name, depth, tolerance] : std::vector<std::tuple<std::string, int, double>>{
           {"a.png", 8, 0.003}, {"b.png", 16, 1e-4}, {"c.jpg", 8, 0.03}, {"d.tif", 8, 0.003}, {"e.tiff", 16, 1e-4}}) {
    save_image(picture, dir.file(name), depth);
    const LoadedImage back = load_image(dir.file(name));
    EXPECT_EQ(back.image.width, 37) << name;
    EXPECT_EQ(back.image.height, 23) << name;
    EXPECT_EQ(back.file_width, 37) << name;
    EXPECT_EQ(back.bit_depth, depth) << name;
    EXPECT_LT(mean_abs_difference(back.image, picture), tolerance) << name;
  }
}

TEST(ImageFiles, TruncatedOrCorruptFilesAreErrors) {
  TempDir dir;
  for (const char* name : {"photo.png", "photo.jpg"}) {
    save_image(make_style_image(64, 64), dir.file(name));
    const std::string whole = read_file(dir.file(name));
    const std::string cut = dir.file(std::string("cut-") + name);
    write_file(cut, whole.substr(0, whole.size() * 2 / 3));
    try {
      load_image(cut);
      ADD_FAILURE() << name << " cut short was read";
    } catch (const ImageError& e) {
      EXPECT_NE(std::string(e.what()).find("damaged or incomplete"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(cut), std::string::npos) << e.what();
    }
    if (std::string(name) != "photo.png") continue;
    // Bytes changed in the middle of the pixel data (PNG's chunk CRCs catch
    // it; JPEG has no checksum).
    std::string flipped = whole;
    for (std::size_t i = whole.size() / 2; i < whole.size() / 2 + 16; ++i) flipped[i] = static_cast<char>(~flipped[i]);
    const std::string bad = dir.file(std::string("bad-") + name);
    write_file(bad, flipped);
    EXPECT_THROW(load_image(bad), ImageError) << name;
  }
}

TEST(ImageFiles, TooManyPixelsAreRefusedBeforeDecoding) {
  TempDir dir;
  const std::string huge = dir.file("huge.png");
  write_file(huge, png_header_only(20000, 20000));
  try {
    load_image(huge);
    ADD_FAILURE() << "a 400 megapixel image was accepted";
  } catch (const ImageTooLarge& e) {
    EXPECT_EQ(e.width(), 20000u);
    EXPECT_EQ(e.max_pixels(), default_max_image_pixels);
    EXPECT_NE(std::string(e.what()).find("400 megapixels"), std::string::npos) << e.what();
  }
  // Under the limit the header passes and the missing pixels are the error.
  const std::string small = dir.file("small.png");
  write_file(small, png_header_only(2000, 1000));
  EXPECT_THROW(load_image(small, {1'000'000, 0}), ImageTooLarge);
  try {
    load_image(small);
    ADD_FAILURE() << "a PNG without pixel data was read";
  } catch (const ImageTooLarge&) {
    ADD_FAILURE() << "2 megapixels are under the default limit";
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged or incomplete"), std::string::npos) << e.what();
  }
}

TEST(ImageFiles, JpegDecodesStraightToTheSizeNeeded) {
  TempDir dir;
  const std::string photo = dir.file("photo.jpg");
  save_image(make_content_image(400, 300), photo);
  const LoadedImage quarter = load_image(photo, {default_max_image_pixels, 100});
  EXPECT_EQ(quarter.image.width, 100);
  EXPECT_EQ(quarter.image.height, 75);
  EXPECT_EQ(quarter.file_width, 400);
  EXPECT_EQ(quarter.file_height, 300);
  // Never below the size asked for: 120 px needs the half-size decode.
  EXPECT_EQ(load_image(photo, {default_max_image_pixels, 120}).image.width, 200);
  EXPECT_EQ(load_image(photo).image.width, 400);
}

// A style image longer than the job uses comes back averaged down, as
// fit_style_image() would average the whole decoded image.
TEST(ImageFiles, ALargeImageIsAveragedDownAsItIsDecoded) {
  TempDir dir;
  const Image painting = make_style_image(301, 203);
  LoadLimits fit;
  fit.max_longest_side = 70;
  for (const auto& [depth, interlaced] :
       std::vector<std::pair<int, bool>>{{8, false}, {16, false}, {8, true}, {16, true}}) {
    const std::string path = dir.file("p" + std::to_string(depth) + (interlaced ? "i" : "") + ".png");
    write_png(path, painting, depth, interlaced);
    const LoadedImage full = load_image(path);
    ASSERT_EQ(full.image.width, 301);
    const LoadedImage small = load_image(path, fit);
    EXPECT_EQ(small.image.width, 70) << path;
    EXPECT_EQ(small.image.height, 47) << path;
    EXPECT_EQ(small.file_width, 301) << path;
    EXPECT_EQ(small.bit_depth, depth) << path;
    EXPECT_EQ(small.image.rgb, fit_style_image(full.image, 70).rgb) << path;
  }
  // JPEG: a quarter-size decode (100 x 75, the smallest still >= 90 px),
  // then averaged to 90 px.
  const std::string photo = dir.file("photo.jpg");
  save_image(make_content_image(400, 300), photo);
  fit.max_longest_side = 90;
  const LoadedImage jpeg = load_image(photo, fit);
  EXPECT_EQ(jpeg.image.width, 90);
  EXPECT_EQ(jpeg.image.height, 68);
  EXPECT_EQ(jpeg.image.rgb, fit_style_image(load_image(photo, {default_max_image_pixels, 90}).image, 90).rgb);
  // Through GEGL (TIFF) the whole image is read, then averaged.
  const std::string tiff = dir.file("p.tif");
  save_image(painting, tiff);
  fit.max_longest_side = 50;
  EXPECT_EQ(load_image(tiff, fit).image.rgb, fit_style_image(load_image(tiff).image, 50).rgb);
  // No longer than asked: as it is.
  fit.max_longest_side = 400;
  EXPECT_EQ(load_image(tiff, fit).image.rgb, load_image(tiff).image.rgb);
}

TEST(ImageFiles, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const std::string out = dir.file("result.png");
  save_image(make_content_image(16, 16), out);
  const std::string before = file_sha256(out);
  {
    FileSizeLimit limit(600);  // a 300x300 noise PNG is far larger
    EXPECT_THROW(save_image(make_style_image(300, 300), out), ImageError);
  }
  EXPECT_EQ(file_sha256(out), before);
  EXPECT_EQ(regular_files_in(dir.path()), std::vector<std::string>{"result.png"});
}

TEST(ImageFiles, WritesThroughASymbolicLinkAndKeepsPermissions) {
  TempDir dir;
  const std::string real = dir.file("real.png"), link = dir.file("link.png");
  save_image(make_content_image(16, 16), real);
  ASSERT_EQ(chmod(real.c_str(), 0640), 0);
  ASSERT_EQ(symlink(real.c_str(), link.c_str()), 0);
  save_image(make_content_image(24, 16), link);
  EXPECT_TRUE(g_file_test(link.c_str(), G_FILE_TEST_IS_SYMLINK));
  EXPECT_EQ(load_image(real).image.width, 24);
  struct stat st;
  ASSERT_EQ(stat(real.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(ImageFiles, UnwritableTargetsAreClearErrors) {
  TempDir dir;
  const Image picture = make_content_image(8, 8);
  auto expect_error = [&](const std::string& path, const std::string& says) {
    try {
      save_image(picture, path);
      ADD_FAILURE() << path << " was written";
    } catch (const ImageError& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  expect_error(dir.file("no/such/folder/out.png"), "does not exist");
  expect_error(dir.file("out.bmp"), "unknown file type \".bmp\"");
  expect_error(dir.file("out"), "has no extension");
  ASSERT_EQ(g_mkdir(dir.file("folder.png").c_str(), 0755), 0);
  expect_error(dir.file("folder.png"), "it is a folder");
  EXPECT_EQ(output_format(dir.file("A.JPEG")), OutputFormat::jpeg);
  EXPECT_EQ(output_format(dir.file("b.Tif")), OutputFormat::tiff);
}
