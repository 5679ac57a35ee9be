// Test-card images for the benchmark, and a plain file format the Python
// reference reads without any imaging library.
#pragma once

#include <string>

#include "neural_style/image.h"

namespace neural_style::bench {

// Deterministic pictures with edges, gradients and texture at every scale.
// Values are whole 8-bit levels so that the PPM copy is the same image.
Image synthetic_content(int width, int height);
Image synthetic_style(int width, int height);

// Binary PPM (P6), 8 bits per sample. Throws std::runtime_error.
void write_ppm(const Image& image, const std::string& path);

}  // namespace neural_style::bench
