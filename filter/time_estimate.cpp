#include "time_estimate.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "format_message.h"
#include "i18n.h"
#include "neural_style/errors.h"
#include "neural_style/multiscale.h"
#include "neural_style/style_size.h"
#include "neural_style/tiling.h"

namespace neural_style_plugin {

double job_megapixel_iterations(const FilterSettings& s, int width, int height) {
  const neural_style::Options options = job_options(s);
  const auto [w, h] = neural_style::working_size(width, height, options.size);
  return neural_style::schedule_cost(neural_style::multiscale_schedule(w, h, options)) * 1e-6;
}

std::string memory_warning(const FilterSettings& settings, int width, int height, neural_style::ImageSize style) {
  const neural_style::Options options = job_options(settings);
  std::vector<neural_style::ImageSize> styles;
  if (style.width > 0 && style.height > 0) {
    // As the job reads it (load_style()), no longer than it is used.
    const auto [w, h] = neural_style::fitted_style_size(style.width, style.height,
                                                        neural_style::style_longest_side(width, height, options));
    styles.push_back({w, h});
  }
  try {
    neural_style::plan_job({width, height}, styles, options);
  } catch (const neural_style::MemoryBudgetTooSmall& e) {
    return format_message(_("Too large at this size: %d × %d px needs %d MB, more than the %d MB Neural Style may "
                            "use. Choose a lower quality (the result is enlarged to the layer’s size) or scale "
                            "the layer down."),
                          e.width(), e.height(), e.needed_mb(), e.budget_mb());
  } catch (const neural_style::Error&) {
    // Any other setting the job refuses is shown by the preview's check.
  }
  return "";
}

std::string describe_duration(double seconds) {
  if (seconds < 90) return format_message(_("about %.0f s"), std::max(1.0, std::round(seconds)));
  if (seconds < 90 * 60) return format_message(_("about %.0f min"), std::round(seconds / 60));
  return format_message(_("about %.1f h"), seconds / 3600);
}

}  // namespace neural_style_plugin
