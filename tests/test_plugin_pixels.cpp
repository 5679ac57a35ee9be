// The plug-in's pixel reads: a layer in strips, and a style (layer or file)
// no longer than the job uses it.
#include <gegl.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <utility>

#include "filter_job.h"
#include "gegl_pixels.h"
#include "image_io.h"
#include "neural_style/style_size.h"

using namespace neural_style_plugin;

namespace {

class PluginPixels : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { gegl_init(nullptr, nullptr); }

  // 301 x 203 R'G'B'A float (several 64-row strips), values a little
  // outside [0, 1] so the clamp shows, and an alpha of its own.
  void SetUp() override {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> value(-0.1f, 1.1f);
    rgba.resize(static_cast<std::size_t>(width) * height * 4);
    for (float& v : rgba) v = value(rng);
    buffer = gegl_buffer_new(GEGL_RECTANGLE(0, 0, width, height), babl_format("R'G'B'A float"));
    gegl_buffer_set(buffer, GEGL_RECTANGLE(0, 0, width, height), 0, babl_format("R'G'B'A float"), rgba.data(),
                    GEGL_AUTO_ROWSTRIDE);
  }
  void TearDown() override { g_object_unref(buffer); }

  const int width = 301, height = 203;
  std::vector<float> rgba;
  GeglBuffer* buffer = nullptr;
};

}  // namespace

TEST_F(PluginPixels, ALayerIsReadWholeWithItsColourClamped) {
  const LayerPixels pixels = read_pixels(buffer, true);
  ASSERT_EQ(pixels.rgb.width, width);
  ASSERT_EQ(pixels.rgb.height, height);
  for (std::size_t i = 0; i < static_cast<std::size_t>(width) * height; ++i) {
    for (int c = 0; c < 3; ++c) ASSERT_EQ(pixels.rgb.rgb[i * 3 + c], std::clamp(rgba[i * 4 + c], 0.0f, 1.0f)) << i;
  }
  EXPECT_TRUE(pixels.alpha);
  EXPECT_FALSE(read_pixels(buffer, false).alpha);
  const LayerShape shape = pixels.shape();
  EXPECT_EQ(std::tuple(shape.width, shape.height, shape.alpha), std::tuple(width, height, true));
}

TEST_F(PluginPixels, AStyleLayerIsAveragedDownAsItIsRead) {
  const neural_style::Image whole = read_pixels(buffer, false).rgb;
  const neural_style::Image style = read_style_pixels(buffer, 70);
  EXPECT_EQ(style.width, 70);
  EXPECT_EQ(style.height, 47);
  EXPECT_EQ(style.rgb, neural_style::fit_style_image(whole, 70).rgb);
  EXPECT_EQ(read_style_pixels(buffer, 0).rgb, whole.rgb);    // 0: its own size
  EXPECT_EQ(read_style_pixels(buffer, 400).rgb, whole.rgb);  // not longer than asked
}

TEST_F(PluginPixels, AStyleFileIsReadNoLongerThanTheJobUsesIt) {
  char dir_template[] = "/tmp/plugin-pixels-XXXXXX";
  const std::string dir = g_mkdtemp(dir_template);
  const std::string path = dir + "/The Scream.png";
  neural_style::save_image(read_pixels(buffer, false).rgb, path);
  const StyleSource style = load_style_file(path, 100);
  EXPECT_EQ(style.image.width, 100);
  EXPECT_EQ(style.image.height, 67);
  EXPECT_EQ(style.name, "The Scream");
  // Its own size: the dialog's memory check counts it as a job would read it.
  EXPECT_EQ(std::pair(style.own_size.width, style.own_size.height), std::pair(width, height));
  EXPECT_EQ(load_style_file(path).image.width, width);
  g_remove(path.c_str());
  g_rmdir(dir.c_str());
}

namespace {

// Every level, in RGBA order, over `pixels` pixels.
template <typename T>
std::vector<T> every_level(int pixels, int levels) {
  std::vector<T> v(static_cast<std::size_t>(pixels) * 4);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<T>(i * 7 % levels);
  return v;
}

GeglBuffer* buffer_of(const char* format, const void* data, int width, int height) {
  GeglBuffer* b = gegl_buffer_new(GEGL_RECTANGLE(0, 0, width, height), babl_format(format));
  gegl_buffer_set(b, GEGL_RECTANGLE(0, 0, width, height), 0, babl_format(format), data, GEGL_AUTO_ROWSTRIDE);
  return b;
}

// A layer of every level of T in `format` reads as exactly level / max.
template <typename T>
void expect_exact_levels(const char* format) {
  const int w = 256, h = 70;
  const double max = std::numeric_limits<T>::max();
  const auto levels = every_level<T>(w * h, static_cast<int>(max) + 1);
  GeglBuffer* b = buffer_of(format, levels.data(), w, h);
  const LayerPixels pixels = read_pixels(b, true);
  g_object_unref(b);
  for (std::size_t p = 0; p < static_cast<std::size_t>(w) * h; ++p) {
    for (int c = 0; c < 3; ++c) ASSERT_EQ(pixels.rgb.rgb[p * 3 + c], static_cast<float>(levels[p * 4 + c] / max)) << p;
  }
}

// A source layer of every level of T and a new layer of other colours, both
// in `format`: copy_alpha() gives the new layer exactly the source's alpha
// and leaves its colour exactly as it was.
template <typename T>
void expect_alpha_copied_exactly(const char* format, int levels) {
  const int w = 301, h = 130;  // several GEGL tiles
  const auto source = every_level<T>(w * h, levels);
  std::vector<T> colour(source.size());
  for (std::size_t i = 0; i < colour.size(); ++i) colour[i] = static_cast<T>((i * 13 + 5) % levels);
  GeglBuffer* from = buffer_of(format, source.data(), w, h);
  GeglBuffer* to = buffer_of(format, colour.data(), w, h);
  copy_alpha(from, to);
  std::vector<T> got(colour.size());
  gegl_buffer_get(to, GEGL_RECTANGLE(0, 0, w, h), 1.0, babl_format(format), got.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(from);
  g_object_unref(to);
  for (std::size_t p = 0; p < static_cast<std::size_t>(w) * h; ++p) {
    for (int c = 0; c < 3; ++c) ASSERT_EQ(got[p * 4 + c], colour[p * 4 + c]) << format << " pixel " << p;
    ASSERT_EQ(got[p * 4 + 3], source[p * 4 + 3]) << format << " pixel " << p;
  }
}

}  // namespace

// babl times its conversion paths and picks one per process, and some are a
// last bit off: from 8-bit to float, Debian 13's was for 3 % of the values
// in 2 runs of 5 (a different result from the same layer); from 16-bit to
// float, Debian 12's is in every run and Debian 13's in 2 of 3 (so with
// babl's float read the 16-bit test fails; the 8-bit one only by chance).
// Read in its own type, a layer gives exactly its levels in every run.
TEST_F(PluginPixels, AnEightBitLayerGivesExactlyItsLevels) {
  expect_exact_levels<guint8>("R'G'B'A u8");
}

TEST_F(PluginPixels, ASixteenBitLayerGivesExactlyItsLevels) {
  expect_exact_levels<guint16>("R'G'B'A u16");
}

// The result layer takes the source's alpha from the layer itself (the job
// does not hold it), level for level in each precision.
TEST_F(PluginPixels, TheResultLayerGetsTheSourcesAlphaExactly) {
  expect_alpha_copied_exactly<guint8>("R'G'B'A u8", 256);
  expect_alpha_copied_exactly<guint8>("RGBA u8", 256);  // linear
  expect_alpha_copied_exactly<guint16>("RGBA u16", 65536);
  expect_alpha_copied_exactly<guint16>("R'G'B'A u16", 65536);
  expect_alpha_copied_exactly<float>("R'G'B'A float", 1 << 20);
}

// A layer resized while the job ran: the alpha is copied where both have
// pixels, and the rest of the new layer stays as it was written.
TEST_F(PluginPixels, AnAlphaIsCopiedWhereBothLayersHavePixels) {
  std::vector<guint8> source(static_cast<std::size_t>(10) * 8 * 4, 7);
  std::vector<guint8> colour(static_cast<std::size_t>(20) * 5 * 4, 200);
  GeglBuffer* from = buffer_of("R'G'B'A u8", source.data(), 10, 8);
  GeglBuffer* to = buffer_of("R'G'B'A u8", colour.data(), 20, 5);
  copy_alpha(from, to);
  std::vector<guint8> got(colour.size());
  gegl_buffer_get(to, GEGL_RECTANGLE(0, 0, 20, 5), 1.0, babl_format("R'G'B'A u8"), got.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(from);
  g_object_unref(to);
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 20; ++x) {
      const guint8* px = &got[(static_cast<std::size_t>(y) * 20 + x) * 4];
      EXPECT_EQ(px[0], 200);
      EXPECT_EQ(px[3], x < 10 ? 7 : 200) << x << "," << y;
    }
  }
}

// A linear 8-bit layer's colour goes through the sRGB curve here: as close as
// babl's own float, and a result written back gives exactly its levels.
TEST_F(PluginPixels, ALinearLayerReadsAsItsPerceptualValues) {
  const int w = 256, h = 3;
  const auto levels = every_level<guint8>(w * h, 256);
  GeglBuffer* b = buffer_of("RGBA u8", levels.data(), w, h);
  std::vector<float> want(levels.size());
  gegl_buffer_get(b, GEGL_RECTANGLE(0, 0, w, h), 1.0, babl_format("R'G'B'A float"), want.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  const LayerPixels pixels = read_pixels(b, true);
  for (std::size_t p = 0; p < static_cast<std::size_t>(w) * h; ++p) {
    for (int c = 0; c < 3; ++c) ASSERT_NEAR(pixels.rgb.rgb[p * 3 + c], want[p * 4 + c], 1e-6) << p;
  }
  write_rgb(b, pixels.rgb);
  std::vector<guint8> got(levels.size());
  gegl_buffer_get(b, GEGL_RECTANGLE(0, 0, w, h), 1.0, babl_format("RGBA u8"), got.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(b);
  for (std::size_t p = 0; p < static_cast<std::size_t>(w) * h; ++p) {
    for (int c = 0; c < 3; ++c) ASSERT_EQ(got[p * 4 + c], levels[p * 4 + c]) << p;
  }
}

// The result in the layer's own type, rounded here; the source's alpha
// beside the colour replaces the layer's without touching it.
TEST_F(PluginPixels, AResultIsWrittenRoundedToTheLayersLevels) {
  const int w = 301, h = 130;  // three strips
  neural_style::Image result(w, h);
  for (std::size_t i = 0; i < result.rgb.size(); ++i) result.rgb[i] = rgba[i];  // some outside [0, 1]
  GeglBuffer* b = gegl_buffer_new(GEGL_RECTANGLE(0, 0, w, h), babl_format("R'G'B'A u8"));
  write_rgb(b, result);
  std::vector<guint8> source(static_cast<std::size_t>(w) * h * 4);
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<guint8>(i / 4 % 251);
  GeglBuffer* s = buffer_of("R'G'B'A u8", source.data(), w, h);
  copy_alpha(s, b);
  g_object_unref(s);
  std::vector<guint8> got(source.size());
  gegl_buffer_get(b, GEGL_RECTANGLE(0, 0, w, h), 1.0, babl_format("R'G'B'A u8"), got.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(b);
  const auto level = [](float v) { return std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0); };
  for (std::size_t p = 0; p < static_cast<std::size_t>(w) * h; ++p) {
    for (int c = 0; c < 3; ++c) ASSERT_EQ(got[p * 4 + c], level(result.rgb[p * 3 + c])) << p;
    ASSERT_EQ(got[p * 4 + 3], source[p * 4 + 3]) << p;
  }
}
