// Runs the Python PyTorch reference (tests/bench/reference.py) on the same
// images, weights and settings, so that ours/reference is measured side by
// side in one invocation.
#pragma once

#include <string>
#include <vector>

namespace neural_style::bench {

struct ReferenceJob {
  std::string python = "python3";  // see find_reference_python()
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

// The Python that runs the reference: the first of `candidates` whose
// "import torch" works (a python3 first in PATH may be a pyenv or virtualenv
// one without PyTorch while /usr/bin/python3 has Debian's python3-torch).
struct ReferencePython {
  std::string python;  // empty: none has PyTorch
  std::string torch_version;
  std::string blas;     // the BLAS library that Python's PyTorch loaded (resolved path), or empty
  std::string why_not;  // when python is empty
};
ReferencePython find_reference_python(const std::vector<std::string>& candidates);

}  // namespace neural_style::bench
