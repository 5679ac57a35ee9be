#include "objective.h"

#include <torch/csrc/autograd/autograd.h>

#include <algorithm>

#include "losses.h"
#include "test_hooks.h"
#include "vgg19_layers.h"

namespace neural_style {
namespace {

int slot_of(std::vector<int>& layers, int index) {
  auto it = std::find(layers.begin(), layers.end(), index);
  if (it != layers.end()) return static_cast<int>(it - layers.begin());
  layers.push_back(index);
  return static_cast<int>(layers.size()) - 1;
}

// Where a tile's interior lies in the feature map of its region (layer
// downsampling `stride`), and where in the whole image's map.
struct Window {
  std::int64_t y, x, h, w;  // in f
  std::int64_t gy, gx;      // in the whole map
  // A last tile narrower than a deep layer's stride can hold none of its
  // positions (pooling rounded them away): it adds nothing there.
  bool empty() const { return h <= 0 || w <= 0; }
};

Window window_of(const Tile& t, int stride, int width, int height) {
  Window w;
  w.y = (t.y0 - t.ry0) / stride;
  w.x = (t.x0 - t.rx0) / stride;
  // The last row and column of tiles end where the whole image's map ends:
  // each pooling rounds down (the region starts on a pooling cell).
  w.h = (t.y1 == height ? height / stride : t.y1 / stride) - t.y0 / stride;
  w.w = (t.x1 == width ? width / stride : t.x1 / stride) - t.x0 / stride;
  w.gy = t.y0 / stride;
  w.gx = t.x0 / stride;
  return w;
}

torch::Tensor in_window(const torch::Tensor& f, const Window& w) {
  return f.narrow(2, w.y, w.h).narrow(3, w.x, w.w);
}

torch::Tensor in_whole(const torch::Tensor& f, const Window& w) {
  return f.narrow(2, w.gy, w.h).narrow(3, w.gx, w.w);
}

// A window of a channels-last map copied to its own channels-last memory,
// the layout gram_matrix() multiplies without BLAS.
torch::Tensor compact(const torch::Tensor& f) {
  return f.contiguous(f.suggest_memory_format());
}

// The part of a tile's region inside the image (a view of it).
torch::Tensor inside_of(const torch::Tensor& image, const Tile& t) {
  const auto y0 = std::max(t.ry0, 0), x0 = std::max(t.rx0, 0);
  const auto y1 = std::min<std::int64_t>(t.ry1, image.size(2)), x1 = std::min<std::int64_t>(t.rx1, image.size(3));
  return image.narrow(2, y0, y1 - y0).narrow(3, x0, x1 - x0);
}

// The region from its inside part: what lies beyond the image's edges is
// the image mirrored there (the margin).
torch::Tensor mirrored(const torch::Tensor& inside, const Tile& t, int width, int height) {
  const std::int64_t left = std::max(0, -t.rx0), top = std::max(0, -t.ry0);
  const std::int64_t right = std::max(0, t.rx1 - width), bottom = std::max(0, t.ry1 - height);
  if (left + top + right + bottom == 0) return inside;
  return torch::reflection_pad2d(inside, {left, right, top, bottom});
}

torch::Tensor region_of(const torch::Tensor& image, const Tile& t) {
  return mirrored(inside_of(image, t), t, static_cast<int>(image.size(3)), static_cast<int>(image.size(2)));
}

// The TV terms whose pixel is in the tile's interior, from its region: each
// needs the pixel below and to the right, when the image has them.
torch::Tensor tv_of_interior(const torch::Tensor& region, const Tile& t, int width, int height, TvKind kind) {
  const auto sub = region.narrow(2, t.y0 - t.ry0, std::min(t.y1 + 1, height) - t.y0)
                       .narrow(3, t.x0 - t.rx0, std::min(t.x1 + 1, width) - t.x0);
  return tv_loss(sub, kind);
}

}  // namespace

NetworkInput::NetworkInput(InputConvention convention, const torch::TensorOptions& options)
    : bgr_(convention == InputConvention::caffe) {
  if (bgr_) {
    // BGR, 0-255, minus the ImageNet mean (B, G, R) = (103.939, 116.779, 123.68).
    scale_ = torch::ones({1, 3, 1, 1}, options);
    shift_ = -torch::tensor({103.939f, 116.779f, 123.68f}).view({1, 3, 1, 1}).to(options);
  } else {
    // RGB / 255, minus the ImageNet mean, divided by its std.
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1});
    const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1});
    scale_ = (1.0 / (255.0 * std)).to(options);
    shift_ = (-mean / std).to(options);
  }
}

torch::Tensor NetworkInput::operator()(const torch::Tensor& levels) const {
  torch::Tensor rgb = levels;
  if (levels.size(1) == 1) rgb = levels.expand({levels.size(0), 3, levels.size(2), levels.size(3)});
  return torch::addcmul(shift_, bgr_ ? rgb.flip({1}) : rgb, scale_);
}

torch::Tensor to_network_input(const torch::Tensor& levels, InputConvention convention) {
  return NetworkInput(convention, levels.options())(levels);
}

std::vector<torch::Tensor> Objective::features(const torch::Tensor& region, const std::vector<int>& layers) {
  if (test_hooks::before_network_pass) {
    test_hooks::before_network_pass(static_cast<int>(region.size(3)), static_cast<int>(region.size(2)));
  }
  return net_.forward(input_(region), layers, pooling_);
}

torch::Tensor Objective::content_target_in(const Tile& t) {
  const Window w = window_of(t, strides_[content_slot_], grid_.width, grid_.height);
  if (w.empty()) return {};
  if (content_target_.defined()) return in_whole(content_target_, w);
  torch::NoGradGuard no_grad;
  return in_window(features(region_of(content_, t), {layers_[content_slot_]})[0], w);
}

Objective::Objective(Vgg19 net, InputConvention convention, const Options& options, const torch::Tensor& content,
                     const std::vector<torch::Tensor>& styles, const std::vector<double>& blend, int tile,
                     ContentTarget target)
    : net_(std::move(net)),
      input_(convention, content.options()),
      pooling_(options.pooling),
      tv_kind_(options.tv_kind),
      content_weight_(options.content_weight),
      style_weight_(options.style_weight),
      tv_weight_(options.tv_weight),
      tv_scale_(tv_size_scale(content.size(3), content.size(2))) {
  torch::NoGradGuard no_grad;
  content_slot_ = slot_of(layers_, vgg19_layer_index(options.content_layer));
  for (const auto& l : options.style_layers) {
    style_slots_.push_back(slot_of(layers_, vgg19_layer_index(l.layer)));
    style_weights_.push_back(l.weight);
  }
  deepest_ = *std::max_element(layers_.begin(), layers_.end());
  for (int layer : layers_) strides_.push_back(tile_alignment(layer));
  const int width = static_cast<int>(content.size(3)), height = static_cast<int>(content.size(2));
  grid_ = make_tile_grid(width, height, deepest_, tile, mirror_margin(width, height, options));
  const int content_stride = strides_[content_slot_];
  content_values_ = static_cast<double>(vgg19_conv_layers()[layers_[content_slot_]].out_channels) *
                    (height / content_stride) * (width / content_stride);

  // The content target, assembled from the tiles' interiors, or left to
  // each tile's pass.
  if (target == ContentTarget::recomputed) content_ = content;
  for (int i = 0; i < grid_.count() && !content_.defined(); ++i) {
    const Tile t = grid_.at(i);
    const auto f = features(region_of(content, t), layers_)[content_slot_];
    const Window w = window_of(t, strides_[content_slot_], width, height);
    if (w.empty()) continue;
    if (!content_target_.defined()) {
      content_target_ = torch::empty({1, f.size(1), height / strides_[content_slot_], width / strides_[content_slot_]},
                                     f.options().memory_format(f.suggest_memory_format()));
    }
    in_whole(content_target_, w).copy_(in_window(f, w));
  }

  // Blending the Gram targets is exact: Σ_s b_s (G − A_s)² = (G − Σ_s b_s A_s)²
  // + a constant when Σ b_s = 1, so the gradients are the same. A style image
  // is read in tiles of the same side (so one larger than the content never
  // needs more memory than a content tile).
  style_targets_.resize(style_slots_.size());
  for (std::size_t s = 0; s < styles.size(); ++s) {
    const int sw = static_cast<int>(styles[s].size(3)), sh = static_cast<int>(styles[s].size(2));
    const TileGrid style_grid = make_tile_grid(sw, sh, deepest_, tile, mirror_margin(sw, sh, options));
    std::vector<torch::Tensor> grams(style_slots_.size());
    for (int i = 0; i < style_grid.count(); ++i) {
      const Tile t = style_grid.at(i);
      const auto f = features(region_of(styles[s], t), layers_);
      for (std::size_t k = 0; k < style_slots_.size(); ++k) {
        const int slot = style_slots_[k];
        const Window w = window_of(t, strides_[slot], sw, sh);
        if (w.empty()) continue;
        const auto g = gram_matrix(compact(in_window(f[slot], w)));
        grams[k] = grams[k].defined() ? grams[k] + g : g;
      }
    }
    for (std::size_t k = 0; k < style_slots_.size(); ++k) {
      const int stride = strides_[style_slots_[k]];
      const double m = static_cast<double>(sh / stride) * (sw / stride);
      const auto a = grams[k].div(m).mul(blend[s]);
      style_targets_[k] = style_targets_[k].defined() ? style_targets_[k] + a : a;
    }
  }
}

// The sums a pass over the tiles gathers: the Grams of the whole image, and
// the content and TV terms.
struct Objective::Pass {
  std::vector<torch::Tensor> grams;  // per style layer, unnormalised
  torch::Tensor content_sum, tv_sum;
};

int Objective::passes(GramSource grams) const {
  const bool previous = grams == GramSource::previous && !previous_grams_.empty();
  return grid_.count() == 1 || previous ? 1 : 2;
}

LossTerms Objective::evaluate(const torch::Tensor& image, torch::Tensor* gradient, const TileCallback& before_tile,
                              GramSource grams) {
  const int width = static_cast<int>(image.size(3)), height = static_cast<int>(image.size(2));
  TORCH_CHECK(width == grid_.width && height == grid_.height, "image size differs from the objective's");
  const int tiles = grid_.count();
  const auto tile_at = [&](int i) { return grid_.at(i); };
  Pass pass;
  pass.grams.resize(style_slots_.size());
  pass.content_sum = torch::zeros({}, image.options());
  pass.tv_sum = torch::zeros({}, image.options());

  // The content term's share of a tile, `target` its content target
  // (content_target_in()).
  const auto add_content = [&](const Tile& t, const std::vector<torch::Tensor>& f, const torch::Tensor& target) {
    if (!target.defined()) return;
    torch::NoGradGuard no_grad;
    const Window w = window_of(t, strides_[content_slot_], width, height);
    pass.content_sum += (in_window(f[content_slot_].detach(), w) - target).pow(2).sum().to(image.scalar_type());
  };
  // Adds one tile's share; its features must be those of the region's
  // interior exactly, which the halo ensures. Without `content`, the content
  // term is left to the gradient's pass.
  const auto gather = [&](const Tile& t, const std::vector<torch::Tensor>& f, const torch::Tensor& region,
                          bool content) {
    torch::NoGradGuard no_grad;
    for (std::size_t k = 0; k < style_slots_.size(); ++k) {
      const int slot = style_slots_[k];
      const Window w = window_of(t, strides_[slot], width, height);
      if (w.empty()) continue;
      const auto g = gram_matrix(compact(in_window(f[slot].detach(), w)));
      pass.grams[k] = pass.grams[k].defined() ? pass.grams[k].add_(g) : g;
    }
    if (content) add_content(t, f, content_target_in(t));
    pass.tv_sum += tv_of_interior(region.detach(), t, width, height, tv_kind_);
  };

  // The loss terms from a pass's sums.
  const auto terms_of = [&](const Pass& sums) {
    torch::NoGradGuard no_grad;
    LossTerms terms;
    terms.content = sums.content_sum / content_values_;
    terms.style = torch::zeros({}, image.options());
    for (std::size_t k = 0; k < style_slots_.size(); ++k) {
      const int stride = strides_[style_slots_[k]];
      const double n = static_cast<double>(sums.grams[k].size(0));
      const double m = static_cast<double>(height / stride) * (width / stride);
      terms.style += (sums.grams[k] / m - style_targets_[k]).pow(2).sum().to(image.scalar_type()) *
                     (style_weights_[k] / (4.0 * n * n));
    }
    terms.tv = sums.tv_sum * tv_scale_;
    terms.total = terms.content * content_weight_ + terms.style * style_weight_ + terms.tv * tv_weight_;
    return terms;
  };
  // d total / d G per style layer at the Grams `g`.
  const auto gram_gradients_of = [&](const std::vector<torch::Tensor>& g) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> d(style_slots_.size());
    for (std::size_t k = 0; k < style_slots_.size(); ++k) {
      const int stride = strides_[style_slots_[k]];
      const double n = static_cast<double>(g[k].size(0));
      const double m = static_cast<double>(height / stride) * (width / stride);
      // E = c Σ (G/M − A)²: dE/dG = 2c (G/M − A) / M, times the style weight.
      const double c = style_weights_[k] / (4.0 * n * n);
      d[k] = (g[k] / m - style_targets_[k]) * (2.0 * c * style_weight_ / m);
    }
    return d;
  };

  // The previous Grams need no pass of their own: the gradient's pass
  // gathers the sums. So does it with one tile (exact: the Grams then come
  // from the same features the gradient is taken through).
  const bool previous = gradient != nullptr && grams == GramSource::previous && !previous_grams_.empty();
  const bool one_tile = tiles == 1 && gradient != nullptr && !previous;
  const int steps = gradient != nullptr ? tiles * passes(grams) : tiles;
  int step = 0;
  std::vector<torch::Tensor> first_features;
  torch::Tensor first_source, first_region;  // the image's pixels the gradient is taken for, and the region
  torch::Tensor first_target;
  // The content term is summed in the Grams' pass when there is one, but a
  // target computed again in each tile is computed once an evaluation, in
  // the gradient's pass, which needs it.
  const bool content_in_first_pass = !one_tile && !previous && (gradient == nullptr || !content_.defined());
  if (one_tile) {
    // The target first: its pass's memory is freed before the gradient's.
    first_target = content_target_in(tile_at(0));
    first_source = inside_of(image, tile_at(0)).detach().requires_grad_(true);
    first_region = mirrored(first_source, tile_at(0), width, height);
    first_features = features(first_region, layers_);
    gather(tile_at(0), first_features, first_region, false);
  } else if (!previous) {
    torch::NoGradGuard no_grad;
    for (int i = 0; i < tiles; ++i) {
      if (before_tile && tiles > 1) before_tile(step++, steps);
      const Tile t = tile_at(i);
      const auto region = region_of(image, t);
      gather(t, features(region, layers_), region, content_in_first_pass);
    }
  }
  if (gradient == nullptr) return terms_of(pass);
  const std::vector<torch::Tensor> gram_gradients = gram_gradients_of(previous ? previous_grams_ : pass.grams);

  // The gradient, tile by tile: each tile's features get the gradient of
  // their interior only (the Grams' gradient D gives 2·D·F, the content term
  // its own), and backpropagate into the whole region, halo included, and
  // through the mirror into the pixels it reflects; the regions' gradients
  // add up to the whole image's.
  gradient->zero_();
  const double content_scale = 2.0 * content_weight_ / content_values_;
  for (int i = 0; i < tiles; ++i) {
    const Tile t = tile_at(i);
    torch::Tensor source = first_source, region = first_region, target = first_target;
    std::vector<torch::Tensor> f = first_features;
    if (!one_tile) {
      if (before_tile && tiles > 1) before_tile(step++, steps);
      target = content_target_in(t);
      source = inside_of(image, t).detach().requires_grad_(true);
      region = mirrored(source, t, width, height);
      f = features(region, layers_);
      if (previous) gather(t, f, region, false);
    }
    if (!content_in_first_pass) add_content(t, f, target);
    std::vector<torch::Tensor> outputs, grads;
    {
      torch::NoGradGuard no_grad;
      std::vector<torch::Tensor> slot_grads(layers_.size());
      const auto add_to = [&](int slot, const torch::Tensor& g, const Window& w) {
        if (!slot_grads[slot].defined()) slot_grads[slot] = torch::zeros_like(f[slot]);
        in_window(slot_grads[slot], w).add_(g);
      };
      for (std::size_t k = 0; k < style_slots_.size(); ++k) {
        const int slot = style_slots_[k];
        const Window w = window_of(t, strides_[slot], width, height);
        if (w.empty()) continue;
        const auto interior = compact(in_window(f[slot].detach(), w));
        const auto n = gram_gradients[k].size(0);
        // 2·D·F as a 1x1 convolution: F's channels mixed by 2D at each position.
        add_to(slot, torch::conv2d(interior, (gram_gradients[k] * 2.0).view({n, n, 1, 1}).to(interior.dtype())), w);
      }
      if (target.defined()) {
        const Window w = window_of(t, strides_[content_slot_], width, height);
        add_to(content_slot_, (in_window(f[content_slot_].detach(), w) - target) * content_scale, w);
      }
      for (std::size_t slot = 0; slot < layers_.size(); ++slot) {
        if (!slot_grads[slot].defined()) continue;
        outputs.push_back(f[slot]);
        grads.push_back(slot_grads[slot]);
      }
    }
    if (tv_weight_ != 0) {
      outputs.push_back(tv_of_interior(region, t, width, height, tv_kind_));
      grads.push_back(torch::full({}, tv_weight_ * tv_scale_, outputs.back().options()));
    }
    torch::autograd::backward(outputs, grads);
    f.clear();
    first_features.clear();
    region = first_region = target = first_target = torch::Tensor();
    torch::NoGradGuard no_grad;
    inside_of(*gradient, t).add_(source.grad());
  }
  previous_grams_ = pass.grams;
  return terms_of(pass);
}

}  // namespace neural_style
