// Puts images side by side at one height, with a white gap between them:
// the gallery's "photo | painting | result" rows (build-aux/gallery.sh).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "image_io.h"
#include "tensor_image.h"

int main(int argc, char** argv) {
  using namespace neural_style;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s OUT HEIGHT IMAGE...\n", argv[0]);
    return 2;
  }
  const int height = std::atoi(argv[2]);
  if (height < 1 || height > 4096) {
    std::fprintf(stderr, "HEIGHT must be 1 to 4096 pixels, not \"%s\"\n", argv[2]);
    return 2;
  }
  constexpr int gap = 6;
  try {
    std::vector<Image> row;
    int width = 0;
    for (int i = 3; i < argc; ++i) {
      const Image image = load_image(argv[i]).image;
      const int w =
          std::max(1, static_cast<int>(std::lround(static_cast<double>(image.width) * height / image.height)));
      row.push_back(tensor_to_image(resize(image_to_tensor(image), height, w)));
      width += row.back().width + (i > 3 ? gap : 0);
    }
    Image out(width, height);
    std::fill(out.rgb.begin(), out.rgb.end(), 1.0f);
    int x0 = 0;
    for (const Image& image : row) {
      for (int y = 0; y < height; ++y) {
        for (int x = 0; x < image.width; ++x) std::copy_n(image.pixel(x, y), 3, out.pixel(x0 + x, y));
      }
      x0 += image.width + gap;
    }
    save_image(out, argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
