// Checks a job's inputs and settings before any work, so every mistake gets
// its own message instead of a LibTorch error deep inside.
#pragma once

#include <vector>

#include "neural_style/options.h"

namespace neural_style {

// Throws InvalidArgument.
void validate_job(const Image& content, const std::vector<StyleImage>& styles, const Options& options);

// The deepest conv index the job uses.
int deepest_layer(const Options& options);

}  // namespace neural_style
