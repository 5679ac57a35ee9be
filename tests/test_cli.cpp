// The neural-style command end to end on generated weights and images.
#include <glib.h>
#include <gtest/gtest.h>

#include "image_io.h"
#include "neural_style/stylizer.h"
#include "support/cli_fixture.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

using Cli = CliFixture;

}  // namespace

TEST_F(Cli, StylisesToPngJpegAndTiff) {
  for (const char* name : {"out.png", "out.jpg", "out.tif"}) {
    const std::string out = dir.file(name);
    const auto r = run(quick(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const LoadedImage img = load_image(out);
    EXPECT_EQ(img.image.width, 32);
    EXPECT_EQ(img.image.height, 27);
    EXPECT_NE(r.err.find("scale 1/1 32x27"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("content"), std::string::npos) << r.err;
  }
}

TEST_F(Cli, SixteenBitInGivesSixteenBitOut) {
  const std::string deep = dir.file("deep.png");
  save_image(make_content_image(40, 40), deep, 16);
  ASSERT_EQ(load_image(deep).bit_depth, 16);
  const std::string out = dir.file("deep-out.png");
  auto args = quick(out);
  args[0] = deep;
  const auto r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(load_image(out).bit_depth, 16);
  args.push_back("--bit-depth");
  args.push_back("8");
  ASSERT_EQ(run(args).exit_code, 0);
  EXPECT_EQ(load_image(out).bit_depth, 8);
}

TEST_F(Cli, MultiscaleBlendKeepColorsAndSaveEvery) {
  // What crosses the engine boundary; each option's parsing is checked in
  // test_cli_options.cpp.
  const std::string out = dir.file("all.png");
  auto args = quick(out);
  args.insert(args.begin() + 2, style);  // a second style image
  for (const char* a : {"--size", "40", "--multiscale", "--multiscale-start", "16", "--multiscale-iterations", "2",
                        "--style-blend", "2,1", "--keep-colors", "--save-every", "2"})
    args.push_back(a);
  const auto r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("scale 1/2 20x17"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("scale 2/2 40x33"), std::string::npos) << r.err;
  EXPECT_EQ(load_image(out).image.width, 40);
  EXPECT_EQ(load_image(dir.file("all-s1-2.png")).image.width, 20);  // --save-every at the coarse scale
  EXPECT_EQ(load_image(dir.file("all-s2-2.png")).image.width, 40);
}

TEST_F(Cli, ALargePaintingIsReadAtTheSizeTheJobUsesIt) {
  const std::string painting = dir.file("painting.png");
  save_image(make_style_image(640, 480), painting);
  auto args = quick(dir.file("out.png"));
  args[1] = painting;
  auto r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Style image " + painting + ": 640 x 480 px, read at 32 x 24 (--style-scale 1 times"),
            std::string::npos)
      << r.err;
  args.insert(args.end(), {"--style-scale", "2"});
  r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("read at 64 x 48 (--style-scale 2 times"), std::string::npos) << r.err;
  // A painting no larger than that (48 px, used at 64) is read whole and
  // said nothing of.
  args = quick(dir.file("out.png"));
  args.insert(args.end(), {"--style-scale", "2"});
  r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("read at"), std::string::npos) << r.err;
}

TEST_F(Cli, HelpListsTheOptionsAndExitCodes) {
  const auto r = run({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option :
       {"--output",        "--size",         "--iterations",     "--content-weight", "--style-weight", "--tv-weight",
        "--content-layer", "--style-layers", "--optimizer",      "--init",           "--pooling",      "--style-blend",
        "--style-scale",   "--keep-colors",  "--multiscale",     "--device",         "--seed",         "--weights",
        "--save-every",    "--threads",      "--max-megapixels", "Exit status"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

TEST_F(Cli, ErrorExits) {
  const std::string out = dir.file("never.png");
  auto expect_exit = [&](std::vector<std::string> args, int code, const std::string& says) {
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_FALSE(g_file_test(out.c_str(), G_FILE_TEST_EXISTS));
  };
  expect_exit({content}, 2, "at least one style image");
  expect_exit({content, style}, 2, "-o OUT");
  expect_exit({content, style, "-o", out, "--bogus"}, 2, "--bogus");
  expect_exit({content, style, "-o", out, "--optimizer", "sgd"}, 2, "lbfgs, adam");
  auto args = quick(out);
  args.insert(args.end(), {"--size", "-5"});
  expect_exit(args, 2, "size must be between 1 and 16384");
  args = quick(out);
  args.insert(args.end(), {"--iterations", "-1"});
  expect_exit(args, 2, "iterations must be between 0 and 100000");
  args = quick(out);
  args.insert(args.end(), {"--style-weight", "-2"});
  expect_exit(args, 2, "style weight");
  expect_exit({content, dir.file("missing.jpg"), "-o", out, "--weights", generated_weights_file()}, 3,
              "missing.jpg does not exist");
  const std::string text = dir.file("notes.png");
  write_file(text, "not an image");
  expect_exit({content, text, "-o", out, "--weights", generated_weights_file()}, 3, "not an image");
  args = quick(dir.file("out.bmp"));
  const auto r = run(args);
  EXPECT_EQ(r.exit_code, 2);  // found before the work, see test_cli_safety.cpp
  EXPECT_NE(r.err.find(".png, .jpg or .tif"), std::string::npos) << r.err;
  expect_exit({content, style, "-o", out}, 4, "neural-style-fetch-weights");
  expect_exit({content, style, "-o", out}, 4, "Or give a file with --weights.");  // the CLI's own remedy
  const std::string bad = dir.file("bad.pth");
  write_file(bad, "garbage garbage garbage");
  expect_exit({content, style, "-o", out, "--weights", bad}, 4, "bad.pth");
}

TEST_F(Cli, SaysWhichDeviceRunsAndWhyNotTheGpu) {
  const std::string out = dir.file("out.png");
  auto r = run(quick(out));  // --device auto
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string reason = gpu_unavailable_reason();
  if (reason.empty()) {
    EXPECT_NE(r.err.find("\nRunning on GPU: "), std::string::npos) << r.err;
  } else {
    EXPECT_NE(r.err.find("\nRunning on " + describe_device(DeviceKind::cpu) + ". " + reason + "\n"), std::string::npos)
        << r.err;
  }
  auto args = quick(out);
  args.insert(args.end(), {"--device", "cpu", "--threads", "1"});
  r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("\nRunning on CPU, 1 thread.\n"), std::string::npos) << "no reason when asked for: " << r.err;
  args.push_back("--quiet");
  r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("Running on"), std::string::npos) << r.err;
}
