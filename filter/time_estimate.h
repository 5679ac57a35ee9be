// The dialog's rough time estimate for a job, from the speed the live
// preview measured on this machine.
#pragma once

#include <string>

#include "neural_style/image.h"
#include "settings.h"

namespace neural_style_plugin {

// Pixel-iterations of the job the settings describe for a layer of
// width x height, counting every multiscale level, in megapixels.
double job_megapixel_iterations(const FilterSettings& settings, int width, int height);

// What the dialog says beside the estimate when the job the settings
// describe cannot be planned within the memory budget for a layer of
// width x height (neural_style::plan_job(), what OK would find at once)
// with a style image of `style` (its own size, which the job reads no
// larger than it uses; 0 x 0 when not known yet): the size, what it needs
// and what to do (translated); "" when it fits.
std::string memory_warning(const FilterSettings& settings, int width, int height, neural_style::ImageSize style);

// "about 40 s", "about 3 min", "about 1.5 h" (translated).
std::string describe_duration(double seconds);

}  // namespace neural_style_plugin
