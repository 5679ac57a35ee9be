// The loss of one scale of a job, and its gradient: targets computed once
// from the content and style images, then evaluated for any candidate image,
// whole or in tiles (neural_style/tiling.h) with the same result.
#pragma once

#include <torch/types.h>

#include <functional>
#include <vector>

#include "neural_style/options.h"
#include "neural_style/tiling.h"
#include "vgg19.h"
#include "vgg19_layers.h"

namespace neural_style {

// Pixel levels (N, 1 or 3, H, W), RGB, to the network's input convention. A
// single channel (luminance) is repeated to grey RGB. The constants are made
// once, on the device and in the dtype they will meet.
class NetworkInput {
 public:
  NetworkInput(InputConvention convention, const torch::TensorOptions& options);
  torch::Tensor operator()(const torch::Tensor& levels) const;

 private:
  bool bgr_;
  torch::Tensor shift_, scale_;  // input = (rgb or bgr) * scale + shift
};

torch::Tensor to_network_input(const torch::Tensor& levels, InputConvention convention);

// Values of the terms (0-dim tensors on the image's device, no graph).
struct LossTerms {
  torch::Tensor content, style, tv, total;
};

// Called before each tile of a tiled evaluation: the tile's place among the
// tiles of all its passes (0-based; the Grams' pass first, when it has one),
// and their number. May throw to stop.
using TileCallback = std::function<void(int step, int steps)>;

// The Gram matrices an evaluation's style gradient comes from.
enum class GramSource {
  current,  // the image's own: a pass over the tiles of its own when tiled
  // Those the previous evaluation with a gradient gathered (the current
  // ones at the first); the gradient's pass gathers the image's own for the
  // loss and the next evaluation: one pass, tiled or not.
  previous,
};

class Objective {
 public:
  // `content` and each of `styles` are pixel levels at the sizes to use.
  // `blend` holds one weight per style, summing to 1. Images are read in
  // tiles of interior side `tile` (neural_style/tiling.h), the content's
  // grid also for every evaluation; 0 = every image whole. With
  // ContentTarget::recomputed the content target is computed again in each
  // tile's pass from `content`, which the objective then keeps instead;
  // otherwise it is kept (plan_scale() decides automatic).
  Objective(Vgg19 net, InputConvention convention, const Options& options, const torch::Tensor& content,
            const std::vector<torch::Tensor>& styles, const std::vector<double>& blend, int tile = 0,
            ContentTarget target = ContentTarget::kept);

  // The loss terms of `image` (content-sized), exactly, whatever `grams`.
  // With `gradient`, also writes d total / d image into it (same shape as
  // `image`): with GramSource::previous, the style term's part is the
  // gradient of Σ_l <dE/dG_l at the previous Grams, G_l(image)>, one step old.
  LossTerms evaluate(const torch::Tensor& image, torch::Tensor* gradient = nullptr,
                     const TileCallback& before_tile = {}, GramSource grams = GramSource::current);

  // How many passes over the tiles evaluate() with a gradient makes now.
  int passes(GramSource grams) const;

  const TileGrid& grid() const { return grid_; }

 private:
  struct Pass;
  std::vector<torch::Tensor> features(const torch::Tensor& region, const std::vector<int>& layers);
  // The content target at the content layer's positions in tile `t`'s
  // interior; undefined when the tile holds none.
  torch::Tensor content_target_in(const Tile& t);

  Vgg19 net_;
  NetworkInput input_;
  Pooling pooling_;
  TvKind tv_kind_;
  double content_weight_, style_weight_, tv_weight_;
  double tv_scale_;  // tv_size_scale() of the image: the TV term is the sum times this
  int deepest_ = 0;
  TileGrid grid_;
  std::vector<int> layers_;   // conv indices the network must return
  std::vector<int> strides_;  // each one's downsampling
  int content_slot_ = -1;
  std::vector<int> style_slots_;
  std::vector<double> style_weights_;
  torch::Tensor content_target_;  // the content's features at the content layer, whole; or
  torch::Tensor content_;         // the content they are computed from in each tile (ContentTarget::recomputed)
  double content_values_ = 0;     // how many the target has: the content term is their mean
  std::vector<torch::Tensor> style_targets_;  // blended A/M per style layer
  // The Grams the last evaluation with a gradient gathered (unnormalised).
  std::vector<torch::Tensor> previous_grams_;
};

}  // namespace neural_style
