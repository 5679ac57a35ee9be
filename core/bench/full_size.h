// Full resolution: whole default jobs on photos of given megapixels at their
// own size (Options::size 0, coarse to fine, the detail stages in tiles
// within the memory budget), with the time and peak memory of each, as the
// GIMP filter's "Full layer size" and `neural-style --size 0` run them.
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "bench_options.h"
#include "neural_style/stylizer.h"

namespace neural_style::bench {

// Markdown lines: one row per size of BenchOptions::full_megapixels.
std::vector<std::string> full_size_table(const BenchOptions& options, Stylizer& stylizer, const torch::Device& device);

}  // namespace neural_style::bench
