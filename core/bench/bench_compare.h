// Side-by-side comparisons of the engine's own choices, each measured in the
// same run: layout (channels-last vs NCHW), gram (the CPU Gram matrix as a
// 1x1 convolution vs torch::mm), precision (float32 vs 16-bit arithmetic),
// multiscale (coarse-to-fine vs one scale for the same wall time); and the
// quality presets' job times (presets, up to the comparison size); tiled
// scales' Gram matrices (tile-grams) and content target (content-target),
// and the detail stages' layers (detail-layers).
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "bench_options.h"
#include "neural_style/stylizer.h"

namespace neural_style::bench {

// Markdown lines reporting the comparison `name`.
std::vector<std::string> run_comparison(const std::string& name, const BenchOptions& options, Stylizer& stylizer,
                                        const torch::Device& device);

}  // namespace neural_style::bench
