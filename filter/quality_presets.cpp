#include "quality_presets.h"

#include <glib.h>

#include "format_message.h"
#include "i18n.h"
#include "neural_style/presets.h"

namespace neural_style_plugin {

const std::vector<QualityChoice>& quality_choices() {
  static const std::vector<QualityChoice> choices = [] {
    std::vector<QualityChoice> list;
    for (const auto& preset : neural_style::quality_presets()) {
      gchar* id = g_ascii_strdown(preset.name, -1);
      // The names are marked for translation where the core defines them.
      const char* name = _(preset.name);
      std::string label = preset.size > 0 ? format_message(_("%s (%d px)"), name, preset.size) : _("Full layer size");
      list.push_back({id, std::move(label), preset.size, preset.iterations});
      g_free(id);
    }
    list.push_back({"custom", _("Custom size"), -1, 0});
    return list;
  }();
  return choices;
}

int quality_index_for_size(int size) {
  const auto& choices = quality_choices();
  for (std::size_t i = 0; i + 1 < choices.size(); ++i) {
    if (choices[i].size == size) return static_cast<int>(i);
  }
  return static_cast<int>(choices.size()) - 1;
}

}  // namespace neural_style_plugin
