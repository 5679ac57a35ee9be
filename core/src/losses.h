// The three terms of the objective, exactly as written in docs/losses.md.
#pragma once

#include <torch/types.h>

#include "neural_style/options.h"

namespace neural_style {

// G = F Fᵀ, F the (N, M) matrix of a (1, N, H, W) feature map, M = H·W.
torch::Tensor gram_matrix(const torch::Tensor& features);

// mean((F − P)²) over the N·M entries: ½Σ(F−P)² divided by N·M/2, so the
// balance with the style term does not change with the image size.
torch::Tensor content_loss(const torch::Tensor& features, const torch::Tensor& target);

// 1/(4N²M²) Σ(G − A)², written as 1/(4N²) Σ(G/M − A/M)² with each Gram
// normalised by its own M, so a style image of another size is compared
// fairly. `target_normalised` is A/M_style.
torch::Tensor style_layer_loss(const torch::Tensor& features, const torch::Tensor& target_normalised);

// Isotropic: Σ √(Δx² + Δy² + ε) over pixels and channels; squared:
// Σ (Δx² + Δy²). Δ in pixel levels (0-255). The sum: the objective's TV
// term is this times tv_size_scale().
torch::Tensor tv_loss(const torch::Tensor& image, TvKind kind);
constexpr double tv_epsilon = 1e-2;

// The TV sum grows with the pixels while the content and style terms are
// means: the objective counts it as over this many pixels whatever the
// image's size (tv_size_scale()), so that its pull on each pixel against
// theirs is the same at every scale of a job and every size. The default
// weight keeps its meaning at 512 x 384, a 4:3 photo at "Standard".
constexpr double tv_reference_pixels = 512.0 * 384.0;
inline double tv_size_scale(std::int64_t width, std::int64_t height) {
  return tv_reference_pixels / (static_cast<double>(width) * static_cast<double>(height));
}

}  // namespace neural_style
