#include "color.h"

namespace neural_style {
namespace {

torch::Tensor apply(const torch::Tensor& m, const torch::Tensor& image) {
  return torch::einsum("ij,njhw->nihw", {m.to(image.device(), image.scalar_type()), image});
}

torch::Tensor rgb_to_yuv_matrix() {
  return torch::tensor({0.299f, 0.587f, 0.114f, -0.14713f, -0.28886f, 0.436f, 0.615f, -0.51499f, -0.10001f})
      .view({3, 3});
}

}  // namespace

torch::Tensor rgb_to_yuv(const torch::Tensor& rgb) {
  return apply(rgb_to_yuv_matrix(), rgb);
}

torch::Tensor yuv_to_rgb(const torch::Tensor& yuv) {
  static const torch::Tensor inverse = torch::inverse(rgb_to_yuv_matrix().to(torch::kFloat64)).to(torch::kFloat32);
  return apply(inverse, yuv);
}

torch::Tensor luminance(const torch::Tensor& rgb) {
  return rgb_to_yuv(rgb).narrow(1, 0, 1);
}

torch::Tensor match_luminance(const torch::Tensor& source, const torch::Tensor& reference) {
  const auto src_std = source.std().clamp_min(1e-3);
  return (source - source.mean()) * (reference.std() / src_std) + reference.mean();
}

}  // namespace neural_style
