// The plug-in's pixel reads: a layer in strips, and a style (layer or file)
// no longer than the job uses it.
#include <gegl.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>

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

TEST_F(PluginPixels, ALayerIsReadWholeWithItsAlphaAndColourClamped) {
  const LayerPixels pixels = read_pixels(buffer, true);
  ASSERT_EQ(pixels.rgb.width, width);
  ASSERT_EQ(pixels.rgb.height, height);
  ASSERT_EQ(pixels.alpha.size(), static_cast<std::size_t>(width) * height);
  for (std::size_t i = 0; i < pixels.alpha.size(); ++i) {
    for (int c = 0; c < 3; ++c) ASSERT_EQ(pixels.rgb.rgb[i * 3 + c], std::clamp(rgba[i * 4 + c], 0.0f, 1.0f)) << i;
    ASSERT_EQ(pixels.alpha[i], rgba[i * 4 + 3]) << i;
  }
  EXPECT_TRUE(read_pixels(buffer, false).alpha.empty());
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
  EXPECT_EQ(load_style_file(path).image.width, width);
  g_remove(path.c_str());
  g_rmdir(dir.c_str());
}
