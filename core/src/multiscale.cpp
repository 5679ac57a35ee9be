#include "neural_style/multiscale.h"

#include <algorithm>
#include <cmath>

#include "neural_style/tiling.h"

namespace neural_style {
namespace {

double level_cost(const Scale& level, int iterations) {
  return static_cast<double>(level.width) * level.height * iterations * level.work_factor;
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
  if (!options.multiscale.enabled) {
    return {{width, height, options.iterations, tiled_work_factor(width, height, options, options.iterations)}};
  }
  const auto& m = options.multiscale;
  // From the final size down: detail stages while above the detail size,
  // then the working size with `iterations`, then each coarser level with
  // `factor` times those of the level above it.
  std::vector<Scale> scales;
  double iterations = 0;
  const auto size_at = [&](double divisor) {
    return std::pair{std::max(1, static_cast<int>(std::lround(width / divisor))),
                     std::max(1, static_cast<int>(std::lround(height / divisor)))};
  };
  const auto usable = [&](std::pair<int, int> s) {
    return std::max(s.first, s.second) >= m.start_size && std::min(s.first, s.second) >= min_side;
  };
  for (double divisor = 1;; divisor *= m.factor) {
    const auto [w, h] = size_at(divisor);
    if (divisor > 1 && !usable({w, h})) break;
    // A detail stage needs a usable level below it to carry up from.
    if (iterations == 0 && std::max(w, h) > m.detail_size && usable(size_at(divisor * m.factor))) {
      scales.push_back({w, h, m.detail_iterations});
      continue;
    }
    if (iterations == 0) {
      iterations = options.iterations;  // the working size
      scales.push_back({w, h, options.iterations});
    } else {
      iterations *= m.factor;
      scales.push_back(
          {w, h, m.coarse_iterations > 0 ? m.coarse_iterations : static_cast<int>(std::lround(iterations))});
    }
  }
  std::reverse(scales.begin(), scales.end());
  for (Scale& s : scales) s.work_factor = tiled_work_factor(s.width, s.height, options, s.iterations);
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
