#include "neural_style/multiscale.h"

#include <algorithm>
#include <cmath>

namespace neural_style {
namespace {

double level_cost(const Scale& level, int iterations) {
  return static_cast<double>(level.width) * level.height * iterations;
}

}  // namespace

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

double schedule_cost(const std::vector<Scale>& schedule) {
  double total = 0;
  for (const Scale& level : schedule) total += level_cost(level, level.iterations);
  return total;
}

double work_fraction(const std::vector<Scale>& schedule, int scale, int iteration) {
  const double total = schedule_cost(schedule);
  if (total <= 0) return 1.0;  // nothing to do is all done
  double done = 0;
  const int levels = static_cast<int>(schedule.size());
  for (int s = 0; s < std::min(scale, levels); ++s) done += level_cost(schedule[s], schedule[s].iterations);
  if (scale >= 0 && scale < levels) {
    done += level_cost(schedule[scale], std::clamp(iteration, 0, schedule[scale].iterations));
  }
  // The same sums in the same order as the total: exactly 1 at the end.
  return std::min(done / total, 1.0);
}

}  // namespace neural_style
