// The real VGG19 weights and real pictures from ../shared (see its README).
// Skips when they are absent, as in a user's fresh clone.
#include <glib.h>
#include <gtest/gtest.h>

#include "image_io.h"
#include "neural_style/neural_style.h"
#include "support/test_images.h"
#include "tensor_image.h"

using namespace neural_style;

TEST(RealWeights, StylisesAPhotoWithAPainting) {
  const std::string shared = SHARED_DIR;
  const std::string weights = shared + "/weights/vgg19-caffe-conv.safetensors";
  const std::string photo = shared + "/images/photo_golden_gate_pexels_cc0.jpg";
  const std::string painting = shared + "/images/vangogh_starry_night_1889.jpg";
  for (const auto& f : {weights, photo, painting}) {
    if (!g_file_test(f.c_str(), G_FILE_TEST_IS_REGULAR)) GTEST_SKIP() << f << " is absent";
  }
  NetworkOptions n;
  n.weights_path = weights;
  configure_process(n);
  Stylizer stylizer(n);
  ASSERT_EQ(stylizer.convention(), InputConvention::caffe);  // from the file's metadata

  const Image content = load_image(photo).image;
  const std::vector<StyleImage> styles = {{load_image(painting).image, 1.0}};
  Options o;
  o.size = 128;
  o.iterations = 40;
  const Image start = tensor_to_image(resize(image_to_tensor(content), 60, 128));
  ASSERT_EQ(start.width, 128);
  const Losses before = stylizer.evaluate(content, styles, start, o);
  const Image result = stylizer.run(content, styles, o);
  const Losses after = stylizer.evaluate(content, styles, result, o);
  const Image painting_as_result =
      tensor_to_image(resize(image_to_tensor(styles[0].image), result.height, result.width));
  const Losses of_painting = stylizer.evaluate(content, styles, painting_as_result, o);

  const std::string out = std::string(TEST_OUTPUT_DIR) + "/real-weights-golden-gate-starry-night.png";
  save_image(result, out);
  std::printf("style %.4g -> %.4g (x%.1f lower), content %.4g (painting itself: %.4g); wrote %s\n", before.style,
              after.style, before.style / after.style, after.content, of_painting.content, out.c_str());
  EXPECT_LT(after.style, before.style / 10);
  // Content kept: a bounded content loss, and the photo's structure (not the
  // painting's) is what the result shows.
  EXPECT_LT(after.content, of_painting.content * 0.8);
  const double with_photo = test_support::luminance_correlation(result, start);
  const double with_painting = test_support::luminance_correlation(result, painting_as_result);
  std::printf("luminance correlation with the photo %.3f, with the painting %.3f\n", with_photo, with_painting);
  EXPECT_GT(with_photo, 0.5);
  EXPECT_GT(with_photo, with_painting + 0.3);
}
