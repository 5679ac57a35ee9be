// Times the engine's own loop and jobs through its public API.
#pragma once

#include <torch/types.h>

#include <string>

#include "neural_style/stylizer.h"

namespace neural_style::bench {

// One size: seconds per iteration (median of the iterations after the
// warm-up ones), peak memory, page faults, and the losses seen.
struct LoopTiming {
  double seconds_per_iteration = 0.0;
  double peak_megabytes = 0.0;
  double faults_per_iteration = 0.0;
  double first_loss = 0.0, final_loss = 0.0;
  std::string failure;  // the engine's message, e.g. out of memory
};

// `size`: the longest side to work at; 0 = the content's own.
LoopTiming time_loop(Stylizer& stylizer, const Image& content, const Image& style, int warmup, int iterations,
                     const torch::Device& device, int size = 0);

// Wall seconds of a whole job at the content's size.
double time_job(Stylizer& stylizer, const Image& content, const Image& style, Options job, const torch::Device& device);

}  // namespace neural_style::bench
