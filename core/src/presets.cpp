#include "neural_style/presets.h"

namespace neural_style {

const std::vector<QualityPreset>& quality_presets() {
  static const std::vector<QualityPreset> presets = {
      {"Preview", 256, 15},
      {"Standard", 512, 40},
      {"High", 1024, 40},
      {"Full", 0, 40},
  };
  return presets;
}

int preset_iterations(int size) {
  for (const auto& p : quality_presets()) {
    if (p.size == size) return p.iterations;
  }
  return quality_presets()[1].iterations;
}

}  // namespace neural_style
