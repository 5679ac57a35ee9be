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
      scales.push_back({w, h, m.detail_iterations, 1.0, true});
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
