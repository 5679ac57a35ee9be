#include "procedure.h"

#include <iterator>
#include <string>

#include "format_message.h"
#include "i18n.h"
#include "plugin_error.h"
#include "plugin_paths.h"

namespace neural_style_plugin {
namespace {

// PDB documentation stays English, as for GIMP's own procedures.
const GimpParamDef arguments[] = {
    {GIMP_PDB_INT32, const_cast<gchar*>("run-mode"),
     const_cast<gchar*>("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), RUN-WITH-LAST-VALS (2) }")},
    {GIMP_PDB_IMAGE, const_cast<gchar*>("image"), const_cast<gchar*>("Input image")},
    {GIMP_PDB_DRAWABLE, const_cast<gchar*>("drawable"),
     const_cast<gchar*>("The layer to stylize (never modified; a layer mask stands for its layer)")},
    {GIMP_PDB_STRING, const_cast<gchar*>("style-file"),
     const_cast<gchar*>("Style image file (PNG, JPEG, TIFF, WebP, ...); used when style-drawable is -1")},
    {GIMP_PDB_DRAWABLE, const_cast<gchar*>("style-drawable"),
     const_cast<gchar*>("A layer of any open image to take the style from, or -1 to use style-file")},
    {GIMP_PDB_FLOAT, const_cast<gchar*>("style-strength"),
     const_cast<gchar*>("Style strength 0..100: 50 is the balanced default, +50 multiplies the style weight by 10, "
                        "-50 divides it by 10")},
    {GIMP_PDB_FLOAT, const_cast<gchar*>("content-weight"),
     const_cast<gchar*>("Weight of the content loss, 0..1e6 (default 1)")},
    {GIMP_PDB_FLOAT, const_cast<gchar*>("smoothness"),
     const_cast<gchar*>("Total-variation smoothing 0..100: 0 = off, 50 = default (TV weight 0.01), each +25 "
                        "multiplies it by 10")},
    {GIMP_PDB_INT32, const_cast<gchar*>("iterations"),
     const_cast<gchar*>(
         "Optimizer iterations at the final size, 1..10000 (default 40); with multiscale each coarser size gets "
         "twice as many")},
    {GIMP_PDB_INT32, const_cast<gchar*>("size"),
     const_cast<gchar*>("Working size, the longest side in pixels, 32..16384, or 0 for the layer's own size; the "
                        "result is scaled to the layer's size (default 512)")},
    {GIMP_PDB_INT32, const_cast<gchar*>("optimizer"), const_cast<gchar*>("{ L-BFGS (0), Adam (1) }")},
    {GIMP_PDB_INT32, const_cast<gchar*>("init"), const_cast<gchar*>("Start from { the layer (0), noise (1) }")},
    {GIMP_PDB_INT32, const_cast<gchar*>("keep-colors"),
     const_cast<gchar*>("Keep the layer's colours and transfer only the style's light and texture { FALSE (0), "
                        "TRUE (1) }")},
    {GIMP_PDB_FLOAT, const_cast<gchar*>("style-scale"),
     const_cast<gchar*>("Size of the style's features relative to the result, above 0 and at most 8 (default 1)")},
    {GIMP_PDB_INT32, const_cast<gchar*>("multiscale"),
     const_cast<gchar*>("Coarse-to-fine: solve at a small size first, then refine (faster for large sizes) { FALSE "
                        "(0), TRUE (1) }")},
    {GIMP_PDB_INT32, const_cast<gchar*>("seed"), const_cast<gchar*>("Random seed for the noise start, >= 0")},
    {GIMP_PDB_INT32, const_cast<gchar*>("device"), const_cast<gchar*>("{ AUTO (0), CPU (1), GPU (2) }")},
    {GIMP_PDB_STRING, const_cast<gchar*>("weights-file"),
     const_cast<gchar*>("VGG19 weights (.pth or .safetensors); \"\" searches $NEURAL_STYLE_WEIGHTS, "
                        "~/.local/share/neural-style and the torch hub cache")},
};

const GimpParamDef results[] = {
    {GIMP_PDB_LAYER, const_cast<gchar*>("new-layer"), const_cast<gchar*>("The stylized layer")},
};

const GimpPDBArgType argument_types[] = {
    GIMP_PDB_INT32, GIMP_PDB_IMAGE, GIMP_PDB_DRAWABLE, GIMP_PDB_STRING, GIMP_PDB_DRAWABLE, GIMP_PDB_FLOAT,
    GIMP_PDB_FLOAT, GIMP_PDB_FLOAT, GIMP_PDB_INT32,    GIMP_PDB_INT32,  GIMP_PDB_INT32,    GIMP_PDB_INT32,
    GIMP_PDB_INT32, GIMP_PDB_FLOAT, GIMP_PDB_INT32,    GIMP_PDB_INT32,  GIMP_PDB_INT32,    GIMP_PDB_STRING,
};
static_assert(std::size(argument_types) == std::size(arguments), "one type per argument");

void copy_string(gchar* destination, std::size_t capacity, const gchar* value, const char* what) {
  const std::string text = value ? value : "";
  if (text.size() >= capacity) {
    throw PluginError(
        format_message(_("The %s is too long (%zu characters; at most %zu)."), what, text.size(), capacity - 1));
  }
  g_strlcpy(destination, text.c_str(), capacity);
}

}  // namespace

void register_procedure() {
  gimp_plugin_domain_register(GETTEXT_PACKAGE, locale_directory().c_str());
  gimp_install_procedure(
      procedure_name, N_("Repaint the layer in the style of a painting"),
      "Neural style transfer (Gatys et al.): optimises a new image whose VGG19 features match the layer's content "
      "and whose feature correlations (Gram matrices) match the style image's. The result is a new layer directly "
      "above the source layer, with its size, offsets and alpha, and a mask from the selection when there is one; "
      "the source layer is never modified. Needs the VGG19 weights (run neural-style-fetch-weights once). Runs on "
      "an NVIDIA GPU when the plug-in was built with CUDA LibTorch, otherwise on every CPU core.",
      "Neural Style developers", "Neural Style developers", "2026", N_("_Neural Style..."), "RGB*, GRAY*", GIMP_PLUGIN,
      static_cast<gint>(std::size(arguments)), static_cast<gint>(std::size(results)), arguments, results);
  gimp_plugin_menu_register(procedure_name, "<Image>/Filters/Artistic");
  const std::string icon = icon_path(16);
  gimp_plugin_icon_register(procedure_name, GIMP_ICON_TYPE_IMAGE_FILE, reinterpret_cast<const guint8*>(icon.c_str()));
}

FilterSettings settings_from_arguments(gint count, const GimpParam* params) {
  if (count != static_cast<gint>(std::size(arguments))) {
    throw PluginError(format_message(_("%s takes %d arguments; it was given %d."), procedure_name,
                                     static_cast<int>(std::size(arguments)), count));
  }
  for (gint i = 0; i < count; ++i) {
    if (params[i].type != argument_types[i]) {
      throw PluginError(
          format_message(_("Argument %d (%s) of %s has the wrong type."), i + 1, arguments[i].name, procedure_name));
    }
  }
  FilterSettings s;
  copy_string(s.style_file, sizeof s.style_file, params[3].data.d_string, _("style file name"));
  s.style_drawable = params[4].data.d_drawable;
  s.style_strength = params[5].data.d_float;
  s.content_weight = params[6].data.d_float;
  s.smoothness = params[7].data.d_float;
  s.iterations = params[8].data.d_int32;
  s.size = params[9].data.d_int32;
  s.optimizer = params[10].data.d_int32;
  s.init = params[11].data.d_int32;
  s.keep_colors = params[12].data.d_int32;
  s.style_scale = params[13].data.d_float;
  s.multiscale = params[14].data.d_int32;
  s.seed = params[15].data.d_int32;
  s.device = params[16].data.d_int32;
  copy_string(s.weights_file, sizeof s.weights_file, params[17].data.d_string, _("weights file name"));
  return s;
}

}  // namespace neural_style_plugin
