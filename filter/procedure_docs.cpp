#include "procedure_docs.h"

#include "i18n.h"

namespace neural_style_plugin::procedure_docs {

const char* const blurb = N_("Repaint the layer in the style of a painting");
const char* const help =
    "Neural style transfer (Gatys et al.): optimises a new image whose VGG19 features match the layer's content "
    "and whose feature correlations (Gram matrices) match the style image's. The result is a new layer directly "
    "above the source layer, with its size, offsets and alpha, and a mask from the selection when there is one; "
    "the source layer is never modified. Needs the VGG19 weights (run neural-style-fetch-weights once). Runs on "
    "an NVIDIA GPU when the plug-in was built with CUDA LibTorch, otherwise on every CPU core.";
const char* const authors = "Neural Style developers";
const char* const date = "2026";
const char* const menu_label = N_("_Neural Style...");
const char* const menu_path = "<Image>/Filters/Artistic";
const char* const image_types = "RGB*, GRAY*";

const ArgumentDoc arguments[argument_count] = {
    {"style-file", N_("Style _file"),
     "Style image file (PNG, JPEG, TIFF, WebP, ...); used when there is no style-drawable"},
    {"style-drawable", N_("Style la_yer"), "A layer of any open image to take the style from, instead of style-file"},
    {"style-strength", N_("S_trength"),
     "Style strength 0..100: 50 is the balanced default, +50 multiplies the style weight by 10, -50 divides it by 10"},
    {"content-weight", N_("Content _weight"), "Weight of the content loss, 0..1e6 (default 1)"},
    {"smoothness", N_("S_moothness"),
     "Total-variation smoothing 0..100: 0 = off, 50 = default (TV weight 0.01), each +25 multiplies it by 10"},
    {"iterations", N_("_Iterations"),
     "Optimizer iterations at the final size, 1..10000 (default 40); with multiscale each coarser size gets twice as "
     "many"},
    {"size", N_("Working si_ze"),
     "Working size, the longest side in pixels, 32..16384, or 0 for the layer's own size; the result is scaled to "
     "the layer's size (default 512)"},
    {"optimizer", N_("O_ptimizer"), "The optimizer"},
    {"init", N_("Start _from"), "Start from the layer or from noise"},
    {"keep-colors", N_("_Keep the layer's colors"),
     "Keep the layer's colours and transfer only the style's light and texture"},
    {"style-scale", N_("Style sc_ale"),
     "Size of the style's features relative to the result, above 0 and at most 8 (default 1)"},
    {"multiscale", N_("M_ultiscale"),
     "Coarse-to-fine: solve at a small size first, then refine (faster for large sizes)"},
    {"seed", N_("Se_ed"), "Random seed for the noise start, >= 0"},
    {"device", N_("_Device"), "Where the job runs"},
    {"weights-file", N_("_Weights file"),
     "VGG19 weights (.pth or .safetensors); empty (none) searches $NEURAL_STYLE_WEIGHTS, ~/.local/share/neural-style "
     "and the "
     "torch hub cache"},
};

}  // namespace neural_style_plugin::procedure_docs
