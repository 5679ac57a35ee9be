// Runs the Python PyTorch reference (tests/bench/reference.py) on the same
// images, weights and settings, so that ours/reference is measured side by
// side in one invocation.
#pragma once

#include <string>
#include <vector>

namespace neural_style::bench {

struct ReferenceJob {
  std::string python = "python3";
  std::string script;
  std::string weights, content_ppm, style_ppm;
  std::string device = "cpu";  // cpu or cuda
  std::string precision = "float32";
  int threads = 0;
  int iterations = 5, warmup = 2;
  bool channels_last = true, allow_tf32 = true, cudnn_benchmark = true;
};

struct ReferenceResult {
  bool ran = false;
  std::string why_not;  // set when !ran: no PyTorch there, or the error it printed
  double seconds_per_iteration = 0.0;
  double peak_megabytes = 0.0;
  double first_loss = 0.0;  // loss of the start image: the same as ours if the loss is the same
  double final_loss = 0.0;
  std::string torch_version;
};

ReferenceResult run_reference(const ReferenceJob& job);

}  // namespace neural_style::bench
