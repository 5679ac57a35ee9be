// A fixture for running the neural-style command on tiny generated images
// and weights, with a home of its own so no real weights can be found.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "image_io.h"
#include "support/generated_weights.h"
#include "support/run_command.h"
#include "support/test_files.h"
#include "support/test_images.h"

namespace neural_style::test_support {

class CliFixture : public ::testing::Test {
 protected:
  TempDir dir;
  std::string content = dir.file("content.png"), style = dir.file("style.jpg");
  std::map<std::string, std::string> env;

  void SetUp() override {
    save_image(make_content_image(48, 40), content);
    save_image(make_style_image(48, 48), style);
    env = {{"HOME", dir.path()},
           {"XDG_DATA_HOME", dir.file("data")},
           {"XDG_DATA_DIRS", dir.file("sys")},
           {"NEURAL_STYLE_WEIGHTS", ""},
           {"TORCH_HOME", ""},
           {"XDG_CACHE_HOME", ""}};
  }
  // `shell_prefix` runs first in the same shell (e.g. "ulimit -f 1").
  CommandResult run(std::vector<std::string> args, const std::string& shell_prefix = "") {
    args.insert(args.begin(), NEURAL_STYLE_CLI);
    if (!shell_prefix.empty()) args.insert(args.begin(), {"bash", "-c", shell_prefix + "; exec \"$0\" \"$@\""});
    return run_command(args, env);
  }
  // A 3-iteration job at 32 px on the generated weights.
  std::vector<std::string> quick(const std::string& out) {
    return {content, style, "-o", out, "--weights", generated_weights_file(), "--size", "32", "-i", "3"};
  }
};

}  // namespace neural_style::test_support
