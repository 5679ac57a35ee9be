#include "time_estimate.h"

#include <algorithm>
#include <cmath>

#include "format_message.h"
#include "i18n.h"
#include "neural_style/multiscale.h"

namespace neural_style_plugin {

double job_megapixel_iterations(const FilterSettings& s, int width, int height) {
  const neural_style::Options options = job_options(s);
  const auto [w, h] = neural_style::working_size(width, height, options.size);
  return neural_style::schedule_cost(neural_style::multiscale_schedule(w, h, options)) * 1e-6;
}

std::string describe_duration(double seconds) {
  if (seconds < 90) return format_message(_("about %.0f s"), std::max(1.0, std::round(seconds)));
  if (seconds < 90 * 60) return format_message(_("about %.0f min"), std::round(seconds / 60));
  return format_message(_("about %.1f h"), seconds / 3600);
}

}  // namespace neural_style_plugin
