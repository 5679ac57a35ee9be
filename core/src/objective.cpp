#include "objective.h"

#include <algorithm>

#include "losses.h"
#include "vgg19_layers.h"

namespace neural_style {
namespace {

int slot_of(std::vector<int>& layers, int index) {
  auto it = std::find(layers.begin(), layers.end(), index);
  if (it != layers.end()) return static_cast<int>(it - layers.begin());
  layers.push_back(index);
  return static_cast<int>(layers.size()) - 1;
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

int minimum_side_for_layer(int deepest) {
  int pools = 0;
  const auto& table = vgg19_conv_layers();
  for (int i = 0; i < deepest; ++i) pools += table[i].pool_after ? 1 : 0;
  return 1 << pools;
}

Objective::Objective(Vgg19 net, InputConvention convention, const Options& options, const torch::Tensor& content,
                     const std::vector<torch::Tensor>& styles, const std::vector<double>& blend)
    : net_(std::move(net)),
      input_(convention, content.options()),
      pooling_(options.pooling),
      tv_kind_(options.tv_kind),
      content_weight_(options.content_weight),
      style_weight_(options.style_weight),
      tv_weight_(options.tv_weight) {
  torch::NoGradGuard no_grad;
  content_slot_ = slot_of(layers_, vgg19_layer_index(options.content_layer));
  for (const auto& l : options.style_layers) {
    style_slots_.push_back(slot_of(layers_, vgg19_layer_index(l.layer)));
    style_weights_.push_back(l.weight);
  }
  const auto content_features = net_->forward(input_(content), layers_, options.pooling);
  content_target_ = content_features[content_slot_];

  // Blending the Gram targets is exact: Σ_s b_s (G − A_s)² = (G − Σ_s b_s A_s)²
  // + a constant when Σ b_s = 1, so the gradients are the same.
  style_targets_.resize(style_slots_.size());
  for (std::size_t s = 0; s < styles.size(); ++s) {
    const auto features = net_->forward(input_(styles[s]), layers_, options.pooling);
    for (std::size_t k = 0; k < style_slots_.size(); ++k) {
      const auto& f = features[style_slots_[k]];
      const auto a = gram_matrix(f).div(static_cast<double>(f.size(2) * f.size(3))).mul(blend[s]);
      style_targets_[k] = style_targets_[k].defined() ? style_targets_[k] + a : a;
    }
  }
}

LossTerms Objective::operator()(const torch::Tensor& image) {
  const auto features = net_->forward(input_(image), layers_, pooling_);
  LossTerms t;
  t.content = content_loss(features[content_slot_], content_target_);
  for (std::size_t k = 0; k < style_slots_.size(); ++k) {
    const auto e = style_layer_loss(features[style_slots_[k]], style_targets_[k]) * style_weights_[k];
    t.style = k == 0 ? e : t.style + e;
  }
  if (!t.style.defined()) t.style = torch::zeros({}, image.options());
  t.tv = tv_loss(image, tv_kind_);
  t.total = t.content * content_weight_ + t.style * style_weight_ + t.tv * tv_weight_;
  return t;
}

}  // namespace neural_style
