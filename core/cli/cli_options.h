// Command-line options of the neural-style tool.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "network_option_entries.h"
#include "neural_style/image.h"
#include "neural_style/options.h"

namespace neural_style::cli {

struct CliOptions {
  std::string content_path;
  std::vector<std::string> style_paths;
  std::vector<double> style_blend;
  std::string output_path;
  std::string init_image_path;
  int bit_depth = 0;  // 0 = the content file's (8 or 16)
  int save_every = 0;
  bool quiet = false;
  std::uint64_t max_pixels = default_max_image_pixels;  // of each input image
  std::vector<std::string> notices;                     // adjustments to tell the user about
  NetworkOptions network;
  Options job;
};

// Exit codes, also listed in --help. Anything wrong that can be seen before
// the work starts (options, output path) is exit_usage.
enum ExitCode {
  exit_ok = 0,
  exit_failure = 1,
  exit_usage = 2,
  exit_image = 3,
  exit_weights = 4,
  exit_out_of_memory = 5,
  exit_cancelled = 130,
};

// Parses argv. On --help prints the help and exits 0; on a usage error
// throws UsageError with the message to print.
CliOptions parse_command_line(int argc, char** argv);

}  // namespace neural_style::cli
