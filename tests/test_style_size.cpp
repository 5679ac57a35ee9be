// The size a job uses a style image at, and a large painting shrunk to it
// by the host (the CLI, the plug-in) before the job.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "neural_style/multiscale.h"
#include "neural_style/neural_style.h"
#include "neural_style/tiling.h"
#include "objective.h"
#include "support/test_images.h"
#include "support/test_weights.h"
#include "tensor_image.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

Image random_image(int width, int height, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(0.0f, 1.0f);
  Image image(width, height);
  for (float& v : image.rgb) v = value(rng);
  return image;
}

double largest_difference(const Image& a, const Image& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  double d = 0;
  for (std::size_t i = 0; i < std::min(a.rgb.size(), b.rgb.size()); ++i) {
    d = std::max(d, static_cast<double>(std::fabs(a.rgb[i] - b.rgb[i])));
  }
  return d;
}

}  // namespace

TEST(StyleSize, AScaleUsesTheStyleScaleTimesItsLongestSide) {
  Options o;
  EXPECT_EQ(style_size_at_scale(800, 600, 2000, 1000, o), std::make_pair(800, 400));
  EXPECT_EQ(style_size_at_scale(600, 800, 2000, 1000, o), std::make_pair(800, 400));
  o.style_scale = 0.5;
  EXPECT_EQ(style_size_at_scale(800, 600, 2000, 1000, o), std::make_pair(400, 200));
  // Small paintings are enlarged to the style scale up to the detail size,
  // and above it not past their own resolution.
  o.style_scale = 1.0;
  ASSERT_EQ(o.multiscale.detail_size, 1024);
  EXPECT_EQ(style_size_at_scale(800, 600, 300, 200, o), std::make_pair(800, 533));
  EXPECT_EQ(style_size_at_scale(4000, 3000, 600, 400, o), std::make_pair(1024, 683));
  EXPECT_EQ(style_size_at_scale(4000, 3000, 1500, 1000, o), std::make_pair(1500, 1000));
  EXPECT_EQ(style_size_at_scale(4000, 3000, 6000, 3000, o), std::make_pair(4000, 2000));
}

TEST(StyleSize, TheLongestSideIsTheStyleScaleTimesTheResults) {
  struct Case {
    int width, height, size;
    double style_scale;
    int longest;
  };
  for (const Case& c : {Case{4000, 3000, 512, 1.0, 512}, Case{4000, 3000, 0, 1.0, 4000}, Case{3000, 4000, 0, 1.0, 4000},
                        Case{4000, 3000, 0, 0.25, 1000}, Case{4000, 3000, 100, 2.0, 200}}) {
    Options o;
    o.size = c.size;
    o.style_scale = c.style_scale;
    EXPECT_EQ(style_longest_side(c.width, c.height, o), c.longest) << c.width << "x" << c.height << " size " << c.size;
  }
}

// The point of fitting: a painting shrunk to style_longest_side() is
// resized to exactly the size the full one is, at every scale of the job.
TEST(StyleSize, AFittedPaintingIsUsedAtTheSameSizeAtEveryScale) {
  struct Job {
    int width, height, size;
    double style_scale;
  };
  const Job jobs[] = {{4000, 3000, 0, 1.0},   {4000, 3000, 512, 1.0}, {1280, 595, 0, 1.0},  {6000, 4000, 0, 0.4},
                      {5000, 120, 0, 1.0},    {333, 777, 0, 2.0},     {4000, 3000, 0, 3.0}, {640, 480, 1024, 1.0},
                      {12000, 9000, 0, 0.75}, {96, 64, 64, 1.5}};
  const std::pair<int, int> paintings[] = {{30000, 24000}, {8000, 6000}, {300, 5000}, {1500, 1000},
                                           {5000, 5000},   {4001, 2999}, {700, 500}};
  int fitted = 0;
  for (const Job& j : jobs) {
    Options o;
    o.size = j.size;
    o.style_scale = j.style_scale;
    const int longest = style_longest_side(j.width, j.height, o);
    const auto [w, h] = working_size(j.width, j.height, o.size);
    const auto schedule = multiscale_schedule(w, h, o, minimum_side_for_layer(deepest_layer(o)));
    for (const auto& [pw, ph] : paintings) {
      const bool shrinks = std::max(pw, ph) > longest;
      const auto [fw, fh] = shrinks ? working_size(pw, ph, longest) : std::make_pair(pw, ph);
      fitted += shrinks;
      for (const Scale& s : schedule) {
        const Options at = scale_options(o, s);
        EXPECT_EQ(style_size_at_scale(s.width, s.height, pw, ph, at),
                  style_size_at_scale(s.width, s.height, fw, fh, at))
            << j.width << "x" << j.height << " size " << j.size << " style scale " << j.style_scale << ", painting "
            << pw << "x" << ph << " fitted to " << fw << "x" << fh << ", at the scale " << s.width << "x" << s.height;
      }
    }
  }
  EXPECT_GT(fitted, 30);  // most of these paintings are larger than the job uses
}

TEST(ShrinkImage, AveragesAsTheEngineMakesAnImageSmaller) {
  const Image image = random_image(97, 61, 1);
  for (const auto& [w, h] : {std::make_pair(40, 23), std::make_pair(97, 30), std::make_pair(13, 61),
                             std::make_pair(1, 1), std::make_pair(96, 60)}) {
    const Image ours = shrink_image(image, w, h);
    const Image engines = tensor_to_image(resize(image_to_tensor(image), h, w));
    EXPECT_LT(largest_difference(ours, engines), 2e-6) << w << "x" << h;
  }
  // A flat image stays flat, and each pixel is the mean of those it covers.
  Image flat(10, 6);
  std::fill(flat.rgb.begin(), flat.rgb.end(), 0.25f);
  EXPECT_EQ(largest_difference(shrink_image(flat, 3, 4),
                               [] {
                                 Image i(3, 4);
                                 std::fill(i.rgb.begin(), i.rgb.end(), 0.25f);
                                 return i;
                               }()),
            0.0);
  Image ramp(4, 1);
  for (int x = 0; x < 4; ++x) ramp.pixel(x, 0)[1] = static_cast<float>(x);
  const Image half = shrink_image(ramp, 2, 1);
  EXPECT_FLOAT_EQ(half.pixel(0, 0)[1], 0.5f);
  EXPECT_FLOAT_EQ(half.pixel(1, 0)[1], 2.5f);
}

TEST(ShrinkImage, RefusesToEnlargeNamingBothSizes) {
  const Image image = random_image(20, 10, 2);
  try {
    shrink_image(image, 21, 10);
    FAIL() << "enlarged";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("20 x 10"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("21 x 10"), std::string::npos) << e.what();
  }
  EXPECT_THROW(shrink_image(image, 0, 5), InvalidArgument);
}

TEST(FitStyleImage, ShrinksOnlyWhatIsLongerThanTheJobUses) {
  const Image image = random_image(300, 200, 3);
  const Image same = fit_style_image(image, 300);
  EXPECT_EQ(largest_difference(same, image), 0.0);
  EXPECT_EQ(fit_style_image(image, 0).width, 300);  // 0: its own size
  const Image small = fit_style_image(image, 120);
  EXPECT_EQ(small.width, 120);
  EXPECT_EQ(small.height, 80);
  const Image tall = fit_style_image(random_image(200, 300, 4), 120);
  EXPECT_EQ(tall.width, 80);
  EXPECT_EQ(tall.height, 120);
}

// A host that shrinks the painting gets the job's result: the engine shrinks
// one given larger in the same way before any scale.
TEST(FitStyleImage, AShrunkPaintingGivesTheFullOnesResult) {
  Stylizer& stylizer = generated_weights_stylizer();
  const Image content = make_content_image(96, 64);
  const Image painting = make_style_image(400, 250);
  Options o;
  o.size = 0;
  o.iterations = 3;
  o.multiscale.enabled = true;
  o.multiscale.start_size = 48;
  o.mirror_margin = 0;
  const int longest = style_longest_side(content.width, content.height, o);
  ASSERT_EQ(longest, 96);
  const Image fitted = fit_style_image(painting, longest);
  ASSERT_EQ(fitted.width, 96);
  const Image from_full = stylizer.run(content, {{painting, 1.0}}, o);
  const Image from_fitted = stylizer.run(content, {{fitted, 1.0}}, o);
  // Bit for bit: an optimiser turns the last float bit of a style target
  // into a different step, so "nearly" would be nothing at all.
  EXPECT_EQ(from_full.rgb, from_fitted.rgb);
  const Losses full = stylizer.evaluate(content, {{painting, 1.0}}, from_full, o);
  const Losses shrunk = stylizer.evaluate(content, {{fitted, 1.0}}, from_full, o);
  EXPECT_EQ(full.style, shrunk.style);
  EXPECT_GT(full.style, 0.0);
}
