#include "time_estimate.h"

#include <algorithm>
#include <cmath>

#include "format_message.h"
#include "i18n.h"

namespace neural_style_plugin {

double job_megapixel_iterations(const FilterSettings& s, int width, int height) {
  const neural_style::Options options = job_options(s);
  const double longest = std::max(width, height);
  const double target = options.size > 0 ? options.size : longest;
  const double area = target * target * std::min(width, height) / std::max(longest, 1.0);
  double total = area * options.iterations;
  if (options.multiscale.enabled) {
    // Each coarser level has 1/factor^2 of the pixels, down to start_size.
    const double factor = options.multiscale.factor;
    const int coarse =
        options.multiscale.coarse_iterations > 0 ? options.multiscale.coarse_iterations : options.iterations;
    for (double side = target / factor; side >= options.multiscale.start_size * 0.999; side /= factor) {
      total += area * (side / target) * (side / target) * coarse;
    }
  }
  return total * 1e-6;
}

std::string describe_duration(double seconds) {
  if (seconds < 90) return format_message(_("about %.0f s"), std::max(1.0, std::round(seconds)));
  if (seconds < 90 * 60) return format_message(_("about %.0f min"), std::round(seconds / 60));
  return format_message(_("about %.1f h"), seconds / 3600);
}

}  // namespace neural_style_plugin
