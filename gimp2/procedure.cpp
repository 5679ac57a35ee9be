#include "procedure.h"

#include <deque>
#include <iterator>
#include <string>
#include <vector>

#include "format_message.h"
#include "i18n.h"
#include "plugin_error.h"
#include "plugin_paths.h"
#include "procedure_docs.h"

namespace neural_style_plugin {
namespace {

namespace docs = procedure_docs;

// GIMP 2.10 passes choices and switches as integers and "no layer" as -1;
// each argument's description says so after the shared text.
struct Gimp2Argument {
  GimpPDBArgType type;
  const char* encoding;
};
const Gimp2Argument gimp2_arguments[docs::argument_count] = {
    {GIMP_PDB_STRING, ""},
    {GIMP_PDB_DRAWABLE, "; -1 = none"},
    {GIMP_PDB_FLOAT, ""},
    {GIMP_PDB_FLOAT, ""},
    {GIMP_PDB_FLOAT, ""},
    {GIMP_PDB_INT32, ""},
    {GIMP_PDB_INT32, ""},
    {GIMP_PDB_INT32, " { L-BFGS (0), Adam (1) }"},
    {GIMP_PDB_INT32, " { the layer (0), noise (1) }"},
    {GIMP_PDB_INT32, " { FALSE (0), TRUE (1) }"},
    {GIMP_PDB_FLOAT, ""},
    {GIMP_PDB_INT32, " { FALSE (0), TRUE (1) }"},
    {GIMP_PDB_INT32, ""},
    {GIMP_PDB_INT32, " { AUTO (0), CPU (1), GPU (2) }"},
    {GIMP_PDB_STRING, ""},
};
constexpr int leading_arguments = 3;  // run-mode, image, drawable
constexpr int argument_total = leading_arguments + docs::argument_count;

// GimpParamDef wants mutable strings that outlive the registration.
gchar* kept(const std::string& text) {
  static std::deque<std::string> texts;  // never moves its elements
  texts.push_back(text);
  return texts.back().data();
}

std::vector<GimpParamDef> argument_definitions() {
  std::vector<GimpParamDef> definitions = {
      {GIMP_PDB_INT32, kept("run-mode"),
       kept("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }")},
      {GIMP_PDB_IMAGE, kept("image"), kept("Input image")},
      {GIMP_PDB_DRAWABLE, kept("drawable"),
       kept("The layer to stylize (never modified; a layer mask stands for its layer)")},
  };
  for (int i = 0; i < docs::argument_count; ++i) {
    definitions.push_back({gimp2_arguments[i].type, kept(docs::arguments[i].name),
                           kept(std::string(docs::arguments[i].description) + gimp2_arguments[i].encoding)});
  }
  return definitions;
}

GimpPDBArgType argument_type(int index) {
  const GimpPDBArgType leading[leading_arguments] = {GIMP_PDB_INT32, GIMP_PDB_IMAGE, GIMP_PDB_DRAWABLE};
  return index < leading_arguments ? leading[index] : gimp2_arguments[index - leading_arguments].type;
}

void check_types(gint count, const GimpParam* params) {
  for (gint i = 0; i < count; ++i) {
    if (params[i].type != argument_type(i)) {
      const char* const leading_names[leading_arguments] = {"run-mode", "image", "drawable"};
      const char* name = i < leading_arguments ? leading_names[i] : docs::arguments[i - leading_arguments].name;
      throw CallingError(format_message(_("Argument %d (%s) of %s has the wrong type."), i + 1, name, procedure_name));
    }
  }
}

}  // namespace

void register_procedure() {
  gimp_plugin_domain_register(GETTEXT_PACKAGE, locale_directory().c_str());
  static const std::vector<GimpParamDef> arguments = argument_definitions();
  static GimpParamDef results[] = {{GIMP_PDB_LAYER, kept("new-layer"), kept("The stylized layer")}};
  gimp_install_procedure(procedure_name, docs::blurb, docs::help, docs::authors, docs::authors, docs::date,
                         docs::menu_label, docs::image_types, GIMP_PLUGIN, static_cast<gint>(arguments.size()),
                         static_cast<gint>(std::size(results)), arguments.data(), results);
  gimp_plugin_menu_register(procedure_name, docs::menu_path);
  const std::string icon = icon_path(16);
  gimp_plugin_icon_register(procedure_name, GIMP_ICON_TYPE_IMAGE_FILE, reinterpret_cast<const guint8*>(icon.c_str()));
}

RunRequest run_request(gint count, const GimpParam* params) {
  if (count < leading_arguments || !params) {
    throw CallingError(_("Neural Style needs at least a run mode, an image and a drawable."));
  }
  check_types(leading_arguments, params);
  return {static_cast<GimpRunMode>(params[0].data.d_int32), params[1].data.d_image, params[2].data.d_drawable};
}

FilterSettings settings_from_arguments(gint count, const GimpParam* params) {
  if (count != argument_total || !params) {
    throw CallingError(
        format_message(_("%s takes %d arguments; it was given %d."), procedure_name, argument_total, count));
  }
  check_types(count, params);
  const GimpParam* p = params + leading_arguments;
  FilterSettings s;
  copy_setting_text(s.style_file, sizeof s.style_file, p[docs::style_file].data.d_string, _("style file name"));
  s.style_drawable = p[docs::style_drawable].data.d_drawable;
  s.style_strength = p[docs::style_strength].data.d_float;
  s.content_weight = p[docs::content_weight].data.d_float;
  s.smoothness = p[docs::smoothness].data.d_float;
  s.iterations = p[docs::iterations].data.d_int32;
  s.size = p[docs::size].data.d_int32;
  s.optimizer = p[docs::optimizer].data.d_int32;
  s.init = p[docs::init].data.d_int32;
  s.keep_colors = p[docs::keep_colors].data.d_int32;
  s.style_scale = p[docs::style_scale].data.d_float;
  s.multiscale = p[docs::multiscale].data.d_int32;
  s.seed = p[docs::seed].data.d_int32;
  s.device = p[docs::device].data.d_int32;
  copy_setting_text(s.weights_file, sizeof s.weights_file, p[docs::weights_file].data.d_string, _("weights file name"));
  return s;
}

}  // namespace neural_style_plugin
