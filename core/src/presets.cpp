#include "neural_style/presets.h"

// Marks the names for hosts' translation catalogs (xgettext's N_ keyword);
// the core itself uses them untranslated.
#define N_(text) text

namespace neural_style {

const std::vector<QualityPreset>& quality_presets() {
  static const std::vector<QualityPreset> presets = {
      {N_("Preview"), 256, 15},
      {N_("Standard"), 512, 40},
      {N_("High"), 1024, 40},
      {N_("Full"), 0, 40},
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
