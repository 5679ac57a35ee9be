// Neural Style: settings of the network and of one stylisation job.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "neural_style/image.h"

namespace neural_style {

enum class DeviceKind { automatic, cpu, cuda };

// How the weights expect their input. "torchvision": RGB in [0,1] normalised
// by the ImageNet mean/std. "caffe": BGR in [0,255] minus the ImageNet mean.
enum class InputConvention { automatic, torchvision, caffe };

enum class Pooling { max, average };
// image_adam: Adam with one second moment for the whole image, so a
// step follows the gradient's size rather than its sign (core/src/image_adam.h);
// the detail stages' default.
enum class OptimizerKind { lbfgs, adam, image_adam };
enum class InitKind { content, noise, image };
enum class TvKind { isotropic, squared };

// Where an iteration's style gradient takes its Gram matrices from
// (Options::tile_grams; docs/full-resolution.md).
// current: the image's own. A scale in tiles gathers them in a forward
// pass of their own before the gradient's pass: two passes an iteration.
// previous: those of the iteration before, which its gradient pass
// gathered: one pass an iteration (the first one of a scale takes two).
// The loss is still the current image's exactly, and every tile gets the
// same Gram gradient, so there are no seams either way; but in a tiled
// 6-iteration detail stage previous ended at 2.2 times the final loss
// (docs/full-resolution.md), so it is for tests and the benchmark.
enum class TileGrams { current, previous };

// Where a tiled scale's content term gets its target, the content's
// features at the content layer (8-16 values a pixel): kept whole, or
// computed again from the content (1-3 values) in each tile's pass, a
// forward pass more for the same values. Automatic keeps it unless
// recomputing leaves tiles that make less work, or keeping it leaves none
// (ScalePlan::content_recomputed); the others are for tests and the
// benchmark. A scale in one tile keeps it.
enum class ContentTarget { automatic, kept, recomputed };

// Arithmetic of the convolutions. Gram matrices and losses stay float32.
// float16 needs a GPU; bfloat16 runs on both (slowly on CPUs without
// bfloat16 instructions). float64 makes every tensor of a job double, images
// and losses included: many times slower, for checks that a computation is
// exact (a float32 rounding difference can switch a ReLU or a max-pooling
// choice, and the optimiser then amplifies it); the front ends do not offer it.
enum class Precision { float32, bfloat16, float16, float64 };

// Settings fixed when the network is loaded. A new field must also be added
// to operator== below (its structured binding stops compiling until it is).
struct NetworkOptions {
  // Weights file; empty = search (see weights_search_path()).
  std::string weights_path;
  InputConvention convention = InputConvention::automatic;
  DeviceKind device = DeviceKind::automatic;
  // Intra-op CPU threads; 0 = every hardware thread.
  int threads = 0;

  // Speed settings. The defaults are the fastest measured (docs/benchmarks.md)
  // and change no result beyond rounding.
  // Convolutions in channels-last (NHWC) layout: oneDNN on the CPU and
  // tensor cores on the GPU run it without reordering every layer.
  bool channels_last = true;
  Precision precision = Precision::float32;
  // CUDA only: TF32 tensor-core arithmetic for float32 convolutions and
  // matrix products, and cuDNN's autotuner (picks the fastest algorithm per
  // shape on first use).
  bool allow_tf32 = true;
  bool cudnn_benchmark = true;
};

// Every field: equal options load the same network the same way.
inline bool operator==(const NetworkOptions& a, const NetworkOptions& b) {
  const auto fields = [](const NetworkOptions& n) {
    // Binds exactly as many names as NetworkOptions has fields, or fails to compile.
    const auto& [weights_path, convention, device, threads, channels_last, precision, allow_tf32, cudnn_benchmark] = n;
    return std::tie(weights_path, convention, device, threads, channels_last, precision, allow_tf32, cudnn_benchmark);
  };
  return fields(a) == fields(b);
}
inline bool operator!=(const NetworkOptions& a, const NetworkOptions& b) {
  return !(a == b);
}

struct StyleImage {
  Image image;
  double blend_weight = 1.0;  // relative; normalised over all style images
};

struct LayerWeight {
  std::string layer;  // conv1_1 ... conv5_4 (the layer's ReLU output)
  double weight = 1.0;
};

// Coarse-to-fine: solve at a small size first, upscale the result and use it
// as the starting point of the next size.
struct MultiscaleOptions {
  bool enabled = false;
  int start_size = 128;  // longest side of the first scale, in pixels
  double factor = 2.0;   // size ratio between scales (e.g. 2 or 1.4142)
  // Iterations at each coarse scale; 0 = factor times those of the scale above
  // (see multiscale_schedule()).
  int coarse_iterations = 0;
  // A larger image is worked at this size (its longest side) with
  // Options::iterations, as "High" works, then refined in detail stages
  // up to its own size (multiscale_schedule()), computed in tiles when
  // they do not fit (neural_style/tiling.h), detail_iterations each. An
  // iteration there costs many at the working size.
  int detail_size = 1024;
  int detail_iterations = 6;
  // The deepest layer a detail stage uses (detail_stage_options() in
  // neural_style/multiscale.h): its style layers are the job's down to this
  // one, and a deeper content layer becomes this one; "" = the job's own.
  // There the painting is at most its own size while the result is larger,
  // so conv4_x and conv5_1 would see its motifs shrunk into grain, and the
  // large forms they stand for were settled at the working size. Layers to
  // conv3_1 do a third of the work of a pass to conv5_1 and need a 12 px
  // halo instead of 80; measured, their result has no grain and half the
  // job's own final loss (docs/full-resolution.md).
  std::string detail_layer = "conv3_1";
  // A detail stage's optimiser and its step in levels, whole or tiled (a
  // tiled stage takes Adam for L-BFGS). Its few iterations start from the
  // carried-up result, where L-BFGS's first step (the raw gradient, no
  // history yet) overshoots, Adam's default of 10 levels does not lower the
  // loss in 6 steps, and Adam at any rate moves flat regions as much as
  // edges, a colour noise. Image Adam's steps follow the gradient's size:
  // 7 % lower loss than Adam's at 3 levels, a third less chroma noise;
  // measured at 1280 px (docs/full-resolution.md).
  // Options::optimizer and learning_rate are the other scales'.
  OptimizerKind detail_optimizer = OptimizerKind::image_adam;
  double detail_learning_rate = 3.0;
};

// What a job's process holds at most on the CPU with the automatic budget,
// whatever the image's size (the memory goal, docs/full-resolution.md).
constexpr int cpu_process_memory_mb = 4096;
// Of it, what is neither the engine's tensors nor the pixels its caller
// holds: the program, its libraries and their heap (measured on one job:
// 282 MiB in the CLI, 466 MiB in the GIMP 2.10 and GIMP 3 plug-ins).
constexpr int cpu_process_overhead_mb = 640;
// The CPU's automatic memory budget for the engine's tensors where the
// caller's pixels leave room for it (automatic_cpu_budget_mb() in
// neural_style/tiling.h): a larger one makes no scale faster that this one
// computes whole.
constexpr int default_cpu_memory_budget_mb = 3072;

// One stylisation job. The defaults give a good picture without tuning.
struct Options {
  int size = 512;  // longest side of the result in pixels; 0 = the content's own size
  int iterations = 300;

  // Total = content_weight * content + style_weight * style + tv_weight * TV.
  double content_weight = 1.0;
  double style_weight = 0.02;  // see docs/losses.md for the relation to jcjohnson's 5/100/1e-3
  // TV is counted as over a 512 x 384 image whatever the size (TV in
  // docs/losses.md), so its balance with the other terms does not change.
  double tv_weight = 1e-2;
  TvKind tv_kind = TvKind::isotropic;

  std::string content_layer = "conv4_2";
  // (64 / channels)²: each layer's Gram error counts as much per channel
  // pair as jcjohnson/neural-style's; equal weights let conv4_1 and conv5_1
  // paste the painting's objects into the result (docs/losses.md).
  std::vector<LayerWeight> style_layers = {
      {"conv1_1", 1.0}, {"conv2_1", 0.25}, {"conv3_1", 0.0625}, {"conv4_1", 0.015625}, {"conv5_1", 0.015625}};
  Pooling pooling = Pooling::max;

  OptimizerKind optimizer = OptimizerKind::lbfgs;
  double learning_rate = 0.0;  // 0 = the optimiser's default (L-BFGS 1, either Adam 10 levels)
  int lbfgs_history = 25;

  InitKind init = InitKind::content;
  Image init_image;  // used with InitKind::image
  std::uint64_t seed = 0;

  // The style image's longest side relative to the result's; above
  // MultiscaleOptions::detail_size at most the painting's own.
  double style_scale = 1.0;
  // Of the style image's width and height, the part left out at each edge:
  // scans and photos of paintings often have a strip of frame, board or wall
  // there, which the result would otherwise copy along its own borders.
  double style_edge_trim = 0.04;
  bool keep_colors = false;  // luminance-only transfer, the content keeps its colours
  MultiscaleOptions multiscale;

  // Memory the engine's tensors may take, in MB. A scale that does not fit
  // whole is computed in tiles, with the same result (neural_style/tiling.h).
  // 0 = automatic: on the CPU what keeps the process within
  // cpu_process_memory_mb beside the caller's pixels
  // (automatic_cpu_budget_mb()), and on a GPU 90 % of its memory free when
  // the job starts.
  int memory_budget_mb = 0;
  // Side of a tile's interior in pixels; 0 = the largest the budget allows.
  int tile_size = 0;
  // The Gram matrices of the style gradient (see TileGrams); previous spares
  // a tiled iteration the Grams' own pass, at a cost in quality.
  TileGrams tile_grams = TileGrams::current;
  ContentTarget content_target = ContentTarget::automatic;

  // Pixels of each image mirrored beyond its edges before the network sees
  // it, its features kept only inside the image. Zero padding at the edges
  // makes features that exist only there, and a painting's Gram matrices
  // tie them to whatever its own edges hold (a frame, a strip of board),
  // which the result then copies along its borders. Capped by
  // mirror_margin() in neural_style/tiling.h.
  int mirror_margin = 16;

  // Every this many iterations the progress callback also gets the current
  // image (0 = never; it costs a copy from the device).
  int progress_image_every = 0;
};

}  // namespace neural_style
