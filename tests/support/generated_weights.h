// The generated (seeded random, VGG19-shaped) weights a test binary runs
// on, and Stylizers over them. Made by test_weights.cpp; declared here
// without tensors, for tests that only run the engine.
#pragma once

#include <string>

#include "neural_style/stylizer.h"

namespace neural_style::test_support {

// The default generated weights file of a test binary (safetensors, F32,
// input_convention = torchvision), written once.
const std::string& generated_weights_file();

// A CPU Stylizer on generated_weights_file(), the process configured for
// it; made once per test binary (loading takes a while).
Stylizer& generated_weights_stylizer();
// The same in Precision::float64: for comparing runs that must be equal
// (float32 runs differ by rounding that the optimisers amplify).
Stylizer& float64_generated_weights_stylizer();

}  // namespace neural_style::test_support
