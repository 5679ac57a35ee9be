#include "tensor_image.h"

#include <cmath>

#include "neural_style/multiscale.h"
#include "test_hooks.h"

namespace neural_style {

torch::Tensor image_view(const Image& image) {
  auto hwc = torch::from_blob(const_cast<float*>(image.rgb.data()), {image.height, image.width, 3}, torch::kFloat32);
  return hwc.permute({2, 0, 1}).unsqueeze(0);
}

torch::Tensor image_to_tensor(const Image& image) {
  return image_view(image).mul(255.0f).contiguous();
}

Image tensor_to_image(const torch::Tensor& levels) {
  ++test_hooks::host_copies;
  // Written into the result's own pixels: at 50 megapixels each
  // intermediate copy would be 600 MB more at the job's end.
  Image out(static_cast<int>(levels.size(3)), static_cast<int>(levels.size(2)));
  auto hwc = torch::from_blob(out.rgb.data(), {out.height, out.width, 3}, torch::kFloat32);
  hwc.copy_(levels.detach().to(torch::kCPU, torch::kFloat32).squeeze(0).permute({1, 2, 0}));
  hwc.clamp_(0.0, 255.0).div_(255.0);
  return out;
}

torch::Tensor resize(const torch::Tensor& image, std::int64_t height, std::int64_t width) {
  if (image.size(2) == height && image.size(3) == width) return image;
  // What torch.nn.functional.interpolate does for these modes at a given
  // size: "area" is adaptive average pooling, "bilinear" without corners.
  if (height <= image.size(2) && width <= image.size(3)) return torch::adaptive_avg_pool2d(image, {height, width});
  return torch::upsample_bilinear2d(image, {height, width}, /*align_corners=*/false);
}

std::pair<int, int> fit_longest_side(int width, int height, int longest) {
  return working_size(width, height, longest);
}

}  // namespace neural_style
