#include "procedure.h"

#include <memory>
#include <string>

#include "i18n.h"
#include "plugin_paths.h"
#include "procedure_docs.h"
#include "quality_presets.h"

namespace neural_style_plugin {
namespace {

namespace docs = procedure_docs;

constexpr GParamFlags readwrite = G_PARAM_READWRITE;

const docs::ArgumentDoc& doc(docs::Argument argument) {
  return docs::arguments[argument];
}

void add_double(GimpProcedure* p, docs::Argument a, double low, double high, double value) {
  gimp_procedure_add_double_argument(p, doc(a).name, _(doc(a).label), doc(a).description, low, high, value, readwrite);
}

void add_int(GimpProcedure* p, docs::Argument a, int low, int high, int value) {
  gimp_procedure_add_int_argument(p, doc(a).name, _(doc(a).label), doc(a).description, low, high, value, readwrite);
}

void add_boolean(GimpProcedure* p, docs::Argument a, bool value) {
  gimp_procedure_add_boolean_argument(p, doc(a).name, _(doc(a).label), doc(a).description, value, readwrite);
}

// Choice IDs are the integer codes of settings.h (and of GIMP 2.10's call).
void add_choice(GimpProcedure* p, docs::Argument a, GimpChoice* choice, const char* value) {
  gimp_procedure_add_choice_argument(p, doc(a).name, _(doc(a).label), doc(a).description, choice, value, readwrite);
}

// Any path, not only existing files: GIMP would refuse a missing file with
// its own "invalid input arguments" message, ours says what to do.
void add_file(GimpProcedure* p, docs::Argument a) {
  gimp_procedure_add_file_argument(p, doc(a).name, _(doc(a).label), doc(a).description, GIMP_FILE_CHOOSER_ACTION_ANY,
                                   TRUE, nullptr, readwrite);
}

// Releases what g_object_get() handed out.
struct Unref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using Owned = std::unique_ptr<T, Unref>;

// A GFile setting as a local path ("" for none).
std::string path_of(GFile* file) {
  gchar* path = file ? g_file_get_path(file) : nullptr;
  std::string result = path ? path : "";
  g_free(path);
  return result;
}

// The dialog's own settings (see procedure.h).
void add_aux_arguments(GimpProcedure* p) {
  gimp_procedure_add_choice_aux_argument(
      p, aux::style_source, _("Style f_rom"), "Where the dialog takes the style image from",
      gimp_choice_new_with_values("file", 0, _("A file"), nullptr, "layer", 1, _("An open layer"), nullptr, nullptr),
      "file", readwrite);
  GimpChoice* quality = gimp_choice_new();
  const auto& choices = quality_choices();
  for (std::size_t i = 0; i < choices.size(); ++i) {
    gimp_choice_add(quality, choices[i].id.c_str(), static_cast<int>(i), choices[i].label.c_str(), nullptr);
  }
  const FilterSettings defaults;
  gimp_procedure_add_choice_aux_argument(p, aux::quality, _("_Quality"),
                                         "A preset working size and iterations, or a custom size", quality,
                                         choices[quality_index_for_size(defaults.size)].id.c_str(), readwrite);
  gimp_procedure_add_boolean_aux_argument(p, aux::live_preview, _("Li_ve preview"),
                                          "Preview the settings on a thumbnail while editing",
                                          defaults.live_preview != FALSE, readwrite);
}

}  // namespace

GimpProcedure* create_procedure(GimpPlugIn* plug_in, GimpRunImageFunc run) {
  GimpProcedure* p =
      gimp_image_procedure_new(plug_in, procedure_name, GIMP_PDB_PROC_TYPE_PLUGIN, run, nullptr, nullptr);
  gimp_procedure_set_image_types(p, docs::image_types);
  gimp_procedure_set_sensitivity_mask(p, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label(p, _(docs::menu_label));
  gimp_procedure_add_menu_path(p, docs::menu_path);
  gimp_procedure_set_documentation(p, _(docs::blurb), docs::help, procedure_name);
  gimp_procedure_set_attribution(p, docs::authors, docs::authors, docs::date);
  GFile* icon = g_file_new_for_path(icon_path(16).c_str());
  gimp_procedure_set_icon_file(p, icon);
  g_object_unref(icon);

  const FilterSettings defaults;
  add_file(p, docs::style_file);
  gimp_procedure_add_drawable_argument(p, doc(docs::style_drawable).name, _(doc(docs::style_drawable).label),
                                       doc(docs::style_drawable).description, TRUE, readwrite);
  add_double(p, docs::style_strength, 0, 100, defaults.style_strength);
  add_double(p, docs::content_weight, 0, max_content_weight, defaults.content_weight);
  add_double(p, docs::smoothness, 0, 100, defaults.smoothness);
  add_int(p, docs::iterations, 1, max_iterations, defaults.iterations);
  add_int(p, docs::size, 0, max_size, defaults.size);
  add_choice(p, docs::optimizer,
             gimp_choice_new_with_values("lbfgs", static_cast<int>(StyleOptimizer::lbfgs), _("L-BFGS"), nullptr, "adam",
                                         static_cast<int>(StyleOptimizer::adam), _("Adam"), nullptr, nullptr),
             "lbfgs");
  add_choice(p, docs::init,
             gimp_choice_new_with_values("layer", static_cast<int>(StyleInit::content), _("The layer"), nullptr,
                                         "noise", static_cast<int>(StyleInit::noise), _("Noise"), nullptr, nullptr),
             "layer");
  add_boolean(p, docs::keep_colors, defaults.keep_colors);
  add_double(p, docs::style_scale, 0, max_style_scale, defaults.style_scale);
  add_boolean(p, docs::multiscale, defaults.multiscale);
  add_int(p, docs::seed, 0, G_MAXINT, defaults.seed);
  add_choice(p, docs::device,
             gimp_choice_new_with_values("auto", static_cast<int>(StyleDevice::automatic), _("Automatic"), nullptr,
                                         "cpu", static_cast<int>(StyleDevice::cpu), _("CPU"), nullptr, "gpu",
                                         static_cast<int>(StyleDevice::gpu), _("GPU"), nullptr, nullptr),
             "auto");
  add_file(p, docs::weights_file);

  add_aux_arguments(p);

  gimp_procedure_add_layer_return_value(p, "new-layer", _("New layer"), "The stylized layer", FALSE, readwrite);
  return p;
}

FilterSettings settings_from_config(GimpProcedureConfig* config) {
  GFile* style_file = nullptr;
  GimpDrawable* style_drawable = nullptr;
  GFile* weights_file = nullptr;
  FilterSettings s;
  g_object_get(config, doc(docs::style_file).name, &style_file, doc(docs::style_drawable).name, &style_drawable,
               doc(docs::style_strength).name, &s.style_strength, doc(docs::content_weight).name, &s.content_weight,
               doc(docs::smoothness).name, &s.smoothness, doc(docs::iterations).name, &s.iterations,
               doc(docs::size).name, &s.size, doc(docs::keep_colors).name, &s.keep_colors, doc(docs::style_scale).name,
               &s.style_scale, doc(docs::multiscale).name, &s.multiscale, doc(docs::seed).name, &s.seed,
               doc(docs::weights_file).name, &weights_file, nullptr);
  const Owned<GFile> style_file_owned(style_file);
  const Owned<GimpDrawable> style_drawable_owned(style_drawable);
  const Owned<GFile> weights_file_owned(weights_file);
  s.optimizer = gimp_procedure_config_get_choice_id(config, doc(docs::optimizer).name);
  s.init = gimp_procedure_config_get_choice_id(config, doc(docs::init).name);
  s.device = gimp_procedure_config_get_choice_id(config, doc(docs::device).name);
  s.style_drawable = style_drawable ? gimp_item_get_id(GIMP_ITEM(style_drawable)) : -1;
  copy_setting_text(s.style_file, sizeof s.style_file, path_of(style_file).c_str(), _("style file name"));
  copy_setting_text(s.weights_file, sizeof s.weights_file, path_of(weights_file).c_str(), _("weights file name"));
  return s;
}

FilterSettings dialog_settings(GimpProcedureConfig* config) {
  FilterSettings s = settings_from_config(config);
  if (gimp_procedure_config_get_choice_id(config, aux::style_source) == 0) s.style_drawable = -1;
  gboolean live = TRUE;
  g_object_get(config, aux::live_preview, &live, nullptr);
  s.live_preview = live;
  return s;
}

}  // namespace neural_style_plugin
