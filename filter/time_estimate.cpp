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
  double total = 0.0;
  for (const auto& scale : neural_style::multiscale_schedule(w, h, options)) {
    total += static_cast<double>(scale.width) * scale.height * scale.iterations;
  }
  return total * 1e-6;
}

std::string describe_duration(double seconds) {
  if (seconds < 90) return format_message(_("about %.0f s"), std::max(1.0, std::round(seconds)));
  if (seconds < 90 * 60) return format_message(_("about %.0f min"), std::round(seconds / 60));
  return format_message(_("about %.1f h"), seconds / 3600);
}

}  // namespace neural_style_plugin
