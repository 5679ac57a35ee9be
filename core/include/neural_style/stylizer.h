// Neural Style: the engine. Load the network once, run many jobs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "neural_style/errors.h"
#include "neural_style/image.h"
#include "neural_style/options.h"

namespace neural_style {

struct Losses {
  double content = 0.0;  // unweighted terms
  double style = 0.0;
  double tv = 0.0;
  double total = 0.0;  // weighted sum
};

struct Progress {
  int scale = 0;  // 0-based index of the current scale
  int scale_count = 1;
  int iteration = 0;   // 1-based, within the current scale
  int iterations = 0;  // of the current scale
  int width = 0;       // working size of the current scale
  int height = 0;
  // Of the whole job's work, 0 to 1 (exactly 1 after the last iteration):
  // each scale weighted by its pixels × iterations (see work_fraction()).
  double fraction = 0;
  Losses losses;
  // In a scale computed in tiles (neural_style/tiling.h), the progress
  // callback also runs before each tile, with `tile` from 1 to `tiles` (the
  // tiles of both passes of the iteration in progress) and the losses of the
  // iteration before; 0 and 0 after each iteration.
  int tile = 0;
  int tiles = 0;
  // Set in one call after a pass ran out of device memory: the caching
  // allocator was emptied and the scale goes on in tiles of this side (px),
  // smaller than before, from the iteration that failed. 0 otherwise.
  int retiled = 0;
  const Image* image = nullptr;  // set every Options::progress_image_every iterations
};

// Return false to stop; run() then throws Cancelled before the next iteration.
using ProgressCallback = std::function<bool(const Progress&)>;

// LibTorch's settings are global to the process, so a host applies them
// once, explicitly, before it makes a Stylizer, and no query changes them:
// the CPU's intra-op threads (LibTorch defaults to one on some machines),
// a cache of freed tensor memory that a job's budget bounds, so that an
// iteration reuses the previous one's pages (docs/full-resolution.md), and
// on CUDA TF32 and cuDNN's autotuner.
// Throws InvalidArgument when CUDA is requested but unusable.
void configure_process(const NetworkOptions& options);

// A Stylizer runs with the process's settings; see configure_process().
class Stylizer {
 public:
  // Loads and validates the weights. Throws WeightsNotFound,
  // WeightsFormatError, WeightsMismatch, InvalidArgument.
  explicit Stylizer(const NetworkOptions& options = {});
  ~Stylizer();
  Stylizer(const Stylizer&) = delete;
  Stylizer& operator=(const Stylizer&) = delete;

  Image run(const Image& content, const std::vector<StyleImage>& styles, const Options& options,
            const ProgressCallback& progress = {});

  // The three loss terms of `result` at its own size against `content` and
  // `styles` (each style resized as run() does for that output size).
  Losses evaluate(const Image& content, const std::vector<StyleImage>& styles, const Image& result,
                  const Options& options);

  std::string weights_path() const;
  InputConvention convention() const;
  // "CPU, 2 threads" or "GPU: NVIDIA H200 (CUDA device 0 of 1)".
  std::string device_description() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Checks a job's images and settings without the network, so a host can
// reject bad input before loading the weights. run() checks again. Throws
// InvalidArgument.
void validate_job(const Image& content, const std::vector<StyleImage>& styles, const Options& options);

// Where the weights are looked for, in order: $NEURAL_STYLE_WEIGHTS, the XDG
// data dirs (neural-style/vgg19*.safetensors|.pth) and the torch hub cache.
std::vector<std::string> weights_search_path();
// The first existing file of the search path, or throws WeightsNotFound whose
// message lists every place searched and the fetch command.
std::string find_weights(const std::string& explicit_path = {});

// Names of the VGG19 layers whose ReLU outputs can be used, in order.
const std::vector<std::string>& vgg19_layer_names();
// The weight a style layer gets when none is given: (64 / its channels)²,
// as in Options' default layers. Throws InvalidArgument for an unknown name.
double default_style_layer_weight(const std::string& layer);

const char* to_string(InputConvention c);

// The device a Stylizer with these settings would run on, as
// Stylizer::device_description() words it after configure_process(),
// without loading any weights or changing any setting.
// Throws DeviceUnavailable when CUDA is requested but unusable.
std::string describe_device(DeviceKind kind, int threads = 0);

// Why the GPU cannot be used here, as a sentence ("This LibTorch is CPU-only
// (built without CUDA)." or "LibTorch found no usable NVIDIA GPU: ..."), or
// empty when device "auto" runs on the GPU.
std::string gpu_unavailable_reason();
// Whether the LibTorch this program runs on has CUDA (its CUDA backend is
// loaded), GPU or not.
bool libtorch_has_cuda();

}  // namespace neural_style
