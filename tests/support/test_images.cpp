#include "test_images.h"

#include <cmath>
#include <cstdint>

#include "color.h"
#include "tensor_image.h"

namespace neural_style::test_support {

Image make_content_image(int width, int height) {
  Image img(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      float* p = img.pixel(x, y);
      const float u = static_cast<float>(x) / width, v = static_cast<float>(y) / height;
      p[0] = 0.2f + 0.6f * u;
      p[1] = 0.3f + 0.4f * v;
      p[2] = 0.5f + 0.3f * std::sin(6.0f * u);
      const float dx = u - 0.5f, dy = v - 0.45f;
      if (dx * dx + dy * dy < 0.04f) p[0] = 0.9f, p[1] = 0.8f, p[2] = 0.1f;  // a disc
      if (v > 0.75f && u > 0.2f && u < 0.6f) p[0] = p[1] = p[2] = 0.1f;      // a bar
    }
  }
  return img;
}

Image make_style_image(int width, int height, int variant) {
  Image img(width, height);
  std::uint32_t state = 12345u + static_cast<std::uint32_t>(variant) * 777u;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      state = state * 1664525u + 1013904223u;
      const float noise = static_cast<float>(state >> 8) / static_cast<float>(1u << 24) - 0.5f;
      const int band = ((variant == 0 ? x + y : x - 2 * y + 1000) / 4) % 3;
      float* p = img.pixel(x, y);
      const float c[3][3] = {{0.9f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.8f}, {0.95f, 0.9f, 0.3f}};
      for (int k = 0; k < 3; ++k) p[k] = std::fmin(1.0f, std::fmax(0.0f, c[band][k] + 0.2f * noise));
    }
  }
  return img;
}

double mean_abs_difference(const Image& a, const Image& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.rgb.size(); ++i) sum += std::fabs(a.rgb[i] - b.rgb[i]);
  return a.rgb.empty() ? 0 : sum / a.rgb.size();
}

double luminance_correlation(const Image& a, const Image& b) {
  const auto la = luminance(image_to_tensor(a)).to(torch::kFloat64).flatten();
  const auto lb = luminance(image_to_tensor(b)).to(torch::kFloat64).flatten();
  const auto da = la - la.mean(), db = lb - lb.mean();
  return (da * db).sum().item<double>() / std::sqrt((da.pow(2).sum() * db.pow(2).sum()).item<double>() + 1e-30);
}

namespace {

std::string big_endian32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

}  // namespace

std::string png_header_only(std::uint32_t width, std::uint32_t height) {
  const std::string ihdr = "IHDR" + big_endian32(width) + big_endian32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + big_endian32(13) + ihdr + big_endian32(0) + big_endian32(0) + "IEND" +
         big_endian32(0);
}

}  // namespace neural_style::test_support
