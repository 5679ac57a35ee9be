// The dialog's Quality menu: the core's presets (neural_style/presets.h)
// with translated labels, and "Custom" for any other working size.
#pragma once

#include <string>
#include <vector>

namespace neural_style_plugin {

struct QualityChoice {
  std::string id;     // "preview", "standard", "high", "full", "custom": stable, for last values
  std::string label;  // translated: "Standard (512 px)", "Full layer size", "Custom size"
  int size = -1;      // the preset's working size (0 = the layer's own); -1 for custom
  int iterations = 0;
};

// The presets in the core's order, then "custom".
const std::vector<QualityChoice>& quality_choices();

// The index of the preset with this working size, or of "custom".
int quality_index_for_size(int size);

}  // namespace neural_style_plugin
