#include "bench_images.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace neural_style::bench {
namespace {

float level(double v) {
  return static_cast<float>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0) / 255.0);
}

template <typename F>
Image make_image(int width, int height, F colour) {
  Image img(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = (x + 0.5) / width, v = (y + 0.5) / height;
      double rgb[3];
      colour(u, v, rgb);
      for (int c = 0; c < 3; ++c) img.pixel(x, y)[c] = level(rgb[c]);
    }
  }
  return img;
}

}  // namespace

Image synthetic_content(int width, int height) {
  // Sky gradient, a hill, a sun and a striped house: large shapes and edges.
  return make_image(width, height, [](double u, double v, double* rgb) {
    const bool hill = v > 0.65 + 0.1 * std::sin(6.0 * u);
    const bool sun = (u - 0.75) * (u - 0.75) + (v - 0.25) * (v - 0.25) < 0.01;
    const bool house = u > 0.2 && u < 0.45 && v > 0.45 && v < 0.8;
    rgb[0] = 0.3 + 0.4 * v;
    rgb[1] = 0.5 + 0.3 * v;
    rgb[2] = 0.9 - 0.3 * v;
    if (hill) rgb[0] = 0.2, rgb[1] = 0.5 + 0.2 * std::sin(40.0 * u), rgb[2] = 0.2;
    if (sun) rgb[0] = 1.0, rgb[1] = 0.85, rgb[2] = 0.3;
    if (house) rgb[0] = 0.7, rgb[1] = 0.3 + 0.2 * (std::sin(60.0 * v) > 0), rgb[2] = 0.25;
  });
}

Image synthetic_style(int width, int height) {
  // Swirls and brush-like strokes in a few saturated colours.
  return make_image(width, height, [](double u, double v, double* rgb) {
    const double du = u - 0.5, dv = v - 0.5;
    const double r = std::sqrt(du * du + dv * dv), a = std::atan2(dv, du);
    const double swirl = std::sin(30.0 * r + 4.0 * a);
    const double strokes = std::sin(80.0 * (u + 0.3 * std::sin(9.0 * v)));
    rgb[0] = 0.15 + 0.35 * (swirl > 0) + 0.3 * strokes * strokes;
    rgb[1] = 0.25 + 0.25 * std::cos(12.0 * u * v) + 0.2 * (strokes > 0.6);
    rgb[2] = 0.55 + 0.4 * swirl * (1.0 - r);
  });
}

void write_ppm(const Image& image, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "P6\n" << image.width << " " << image.height << "\n255\n";
  for (float v : image.rgb) out.put(static_cast<char>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)));
  if (!out) throw std::runtime_error("Cannot write " + path);
}

}  // namespace neural_style::bench
