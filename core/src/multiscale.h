// The coarse-to-fine schedule: the sizes a job is solved at, smallest first.
#pragma once

#include <vector>

#include "neural_style/options.h"

namespace neural_style {

struct Scale {
  int width = 0;
  int height = 0;
  int iterations = 0;
};

// Divides the final size by `factor` while the longest side stays >= the
// start size and the shortest side >= `min_side`. Without multiscale, only
// the final size.
std::vector<Scale> multiscale_schedule(int width, int height, const Options& options, int min_side);

}  // namespace neural_style
