#include "neural_style/multiscale.h"

#include <algorithm>
#include <cmath>

#include "neural_style/errors.h"
#include "neural_style/tiling.h"
#include "vgg19_layers.h"

namespace neural_style {
namespace {

double level_cost(const Scale& level, int iterations) {
  return static_cast<double>(level.width) * level.height * iterations * level.work_factor;
}

}  // namespace

Options detail_stage_options(const Options& job) {
  Options detail = job;
  detail.optimizer = job.multiscale.detail_optimizer;
  detail.learning_rate = job.multiscale.detail_learning_rate;
  if (job.multiscale.detail_layer.empty()) return detail;
  const int limit = vgg19_layer_index(job.multiscale.detail_layer);
  detail.style_layers.clear();
  for (const LayerWeight& l : job.style_layers) {
    if (vgg19_layer_index(l.layer) <= limit) detail.style_layers.push_back(l);
  }
  if (detail.style_layers.empty()) {
    detail.style_layers = job.style_layers;
    return detail;
  }
  if (vgg19_layer_index(job.content_layer) > limit) detail.content_layer = job.multiscale.detail_layer;
  return detail;
}

Options scale_options(const Options& job, const Scale& scale) {
  return scale.detail ? detail_stage_options(job) : job;
}

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
  std::vector<Scale> scales;  // largest first, reversed below
  const auto size_at = [&](double divisor) {
    return std::pair{std::max(1, static_cast<int>(std::lround(width / divisor))),
                     std::max(1, static_cast<int>(std::lround(height / divisor)))};
  };
  const auto usable = [&](std::pair<int, int> s) {
    return std::max(s.first, s.second) >= m.start_size && std::min(s.first, s.second) >= min_side;
  };
  // The working size: the largest at or below the detail size, so that a
  // large image is solved as "High" solves its own size, whatever its
  // dimensions (halving from the final size would leave 550 px for a
  // 1100 px image). A strip too thin for min_side there works at the
  // smallest size whose short side is usable.
  const double longest = std::max(width, height), shortest = std::min(width, height);
  const double working = std::max<double>(m.detail_size, std::ceil(min_side * longest / shortest));
  double divisor = 1;
  if (longest > working) {
    // Detail stages from above the working size up to the final one, in
    // equal ratios of at most `factor`.
    const double ratio = longest / working;
    const int stages = std::max(1, static_cast<int>(std::ceil(std::log(ratio) / std::log(m.factor) - 1e-9)));
    for (int k = 0; k < stages; ++k) {
      const auto [w, h] = size_at(std::pow(ratio, static_cast<double>(k) / stages));
      scales.push_back({w, h, m.detail_iterations, 1.0, true});
    }
    divisor = ratio;
  }
  // The working size with `iterations`, then each coarser level with
  // `factor` times those of the level above it.
  double iterations = options.iterations;
  scales.push_back({size_at(divisor).first, size_at(divisor).second, options.iterations});
  for (divisor *= m.factor;; divisor *= m.factor) {
    const auto [w, h] = size_at(divisor);
    if (!usable({w, h})) break;
    iterations *= m.factor;
    scales.push_back({w, h, m.coarse_iterations > 0 ? m.coarse_iterations : static_cast<int>(std::lround(iterations))});
  }
  std::reverse(scales.begin(), scales.end());
  for (Scale& s : scales) {
    // A detail stage's pass may stop at a shallower layer than the job's.
    // Layer names validate_job() refuses count as the job's whole pass.
    double share = 1.0;
    Options o = options;
    try {
      o = scale_options(options, s);
      share = vgg19_conv_flops(1024, 1024, deepest_layer(o)) / vgg19_conv_flops(1024, 1024, deepest_layer(options));
    } catch (const Error&) {
    }
    s.work_factor = tiled_work_factor(s.width, s.height, o, s.iterations) * share;
  }
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
