// Neural Style: the quality presets hosts offer (the GIMP dialog's Quality
// menu). Each is a working size and the iterations at that size that fit its
// time on a 2-core CPU with multiscale on (docs/benchmarks.md): Preview under
// 20 s, Standard under 3 min.
#pragma once

#include <vector>

namespace neural_style {

struct QualityPreset {
  const char* name;  // English; hosts translate their own labels
  int size;          // longest side of the working size; 0 = the image's own
  int iterations;    // at the final size; coarser levels get more (multiscale_schedule)
};

// Preview 256, Standard 512, High 1024, Full (0).
const std::vector<QualityPreset>& quality_presets();

// The iterations of the preset with this size, or of Standard for any other.
int preset_iterations(int size);

}  // namespace neural_style
