#include "losses.h"

namespace neural_style {

torch::Tensor gram_matrix(const torch::Tensor& features) {
  const auto c = features.size(1);
  if (!features.is_contiguous() && features.is_contiguous(c10::MemoryFormat::ChannelsLast)) {
    // Channels-last memory is F transposed, (M, C), so G = Fᵀᵀ Fᵀ needs no copy.
    const auto ft = features.permute({0, 2, 3, 1}).reshape({-1, c});
    if (features.is_cuda()) return torch::mm(ft.t(), ft);
    // On the CPU a matrix product goes to whatever BLAS libblas.so.3 is:
    // Debian's reference BLAS, or an OpenBLAS that misdetects a virtual CPU,
    // runs at a fraction of the speed oneDNN gets for the same product
    // written as a 1x1 convolution (M input channels, C "pixels", C filters);
    // docs/benchmarks.md has the measurements.
    const auto m = ft.size(0);
    const auto x = ft.view({1, m, 1, c});
    const auto w = ft.t().contiguous().view({c, m, 1, 1});
    return torch::conv2d(x, w).view({c, c});
  }
  const auto f = features.reshape({c, -1});
  return torch::mm(f, f.t());
}

torch::Tensor content_loss(const torch::Tensor& features, const torch::Tensor& target) {
  return (features - target).pow(2).mean();
}

torch::Tensor style_layer_loss(const torch::Tensor& features, const torch::Tensor& target_normalised) {
  const double n = static_cast<double>(features.size(1));
  const double m = static_cast<double>(features.size(2) * features.size(3));
  const auto g = gram_matrix(features).div(m);
  return (g - target_normalised).pow(2).sum().div(4.0 * n * n);
}

torch::Tensor tv_loss(const torch::Tensor& image, TvKind kind) {
  const auto h = image.size(2), w = image.size(3);
  // Differences to the pixel below and to the right, on the (H-1, W-1) grid
  // where both exist.
  const auto here = image.narrow(2, 0, h - 1).narrow(3, 0, w - 1);
  const auto dy = image.narrow(2, 1, h - 1).narrow(3, 0, w - 1) - here;
  const auto dx = image.narrow(2, 0, h - 1).narrow(3, 1, w - 1) - here;
  const auto sq = dx.pow(2) + dy.pow(2);
  if (kind == TvKind::squared) return sq.sum();
  return (sq + tv_epsilon).sqrt().sum();
}

}  // namespace neural_style
