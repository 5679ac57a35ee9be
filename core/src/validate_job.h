// Checks a job's inputs and settings before any work, so every mistake gets
// its own message instead of a LibTorch error deep inside.
#pragma once

#include <vector>

#include "neural_style/options.h"
#include "neural_style/stylizer.h"  // validate_job()

namespace neural_style {

// The deepest conv index the job uses.
int deepest_layer(const Options& options);

}  // namespace neural_style
