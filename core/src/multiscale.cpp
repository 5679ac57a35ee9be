#include "neural_style/multiscale.h"

#include <algorithm>
#include <cmath>

namespace neural_style {

std::pair<int, int> working_size(int width, int height, int size) {
  const int longest = std::max(width, height);
  const int target = size > 0 ? size : longest;
  // The longest side gets exactly `target` (side * target / side is exact).
  const auto scaled = [&](int side) {
    return std::max(1, static_cast<int>(std::lround(static_cast<double>(side) * target / std::max(longest, 1))));
  };
  return {scaled(width), scaled(height)};
}

std::vector<Scale> multiscale_schedule(int width, int height, const Options& options, int min_side) {
  std::vector<Scale> scales{{width, height, options.iterations}};
  if (!options.multiscale.enabled) return scales;
  const auto& m = options.multiscale;
  double iterations = options.iterations;
  for (double divisor = m.factor;; divisor *= m.factor) {
    const int w = static_cast<int>(std::lround(width / divisor));
    const int h = static_cast<int>(std::lround(height / divisor));
    if (std::max(w, h) < m.start_size || std::min(w, h) < min_side) break;
    iterations *= m.factor;
    scales.push_back({w, h, m.coarse_iterations > 0 ? m.coarse_iterations : static_cast<int>(std::lround(iterations))});
  }
  std::reverse(scales.begin(), scales.end());
  return scales;
}

}  // namespace neural_style
