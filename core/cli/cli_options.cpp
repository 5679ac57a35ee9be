#include "cli_options.h"

#include <glib.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "neural_style/presets.h"
#include "neural_style/stylizer.h"

namespace neural_style::cli {
namespace {

constexpr gint unset_int = G_MININT;

bool given(gint v) {
  return v != unset_int;
}

// Owns the strings GOption fills in.
struct RawArgs {
  gchar* output = nullptr;
  // "Not given" sentinels, so that a negative value reaches validation.
  // Real numbers are taken as text: GOption would accept "nan" and "inf".
  gint size = unset_int;
  gint iterations = unset_int;
  gchar *content_weight = nullptr, *style_weight = nullptr, *tv_weight = nullptr;
  gchar* tv = nullptr;
  gchar* content_layer = nullptr;
  gchar* style_layers = nullptr;
  gchar* optimizer = nullptr;
  gchar* learning_rate = nullptr;
  gint lbfgs_history = unset_int;
  gchar* init = nullptr;
  gchar* init_image = nullptr;
  gchar* pooling = nullptr;
  gchar* style_blend = nullptr;
  gchar* style_scale = nullptr;
  gboolean keep_colors = FALSE;
  gboolean multiscale = FALSE;
  gboolean single_scale = FALSE;
  gint detail_size = unset_int;
  gint detail_iterations = unset_int;
  gchar* detail_layer = nullptr;
  gchar* detail_learning_rate = nullptr;
  gchar* detail_optimizer = nullptr;
  gint tile_memory = unset_int;
  gint tile_size = unset_int;
  gint multiscale_start = unset_int;
  gchar* multiscale_factor = nullptr;
  gint multiscale_iterations = unset_int;
  gint64 seed = 0;
  gint save_every = 0;
  gint bit_depth = 0;
  gchar* max_megapixels = nullptr;
  gboolean quiet = FALSE;
  gchar** positional = nullptr;
  NetworkOptionEntries network;

  ~RawArgs() {
    for (gchar* s : {output, content_weight, style_weight, tv_weight, tv, content_layer, style_layers, optimizer,
                     learning_rate, init, init_image, pooling, style_blend, style_scale, multiscale_factor,
                     max_megapixels, detail_layer, detail_learning_rate, detail_optimizer})
      g_free(s);
    g_strfreev(positional);
  }
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

// A finite real number (NaN and infinities are refused here, ranges by
// validate_job).
double parse_number(const std::string& s, const std::string& what) {
  char* end = nullptr;
  const double v = g_ascii_strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(v)) {
    throw UsageError("Invalid " + what + " \"" + s + "\": expected a finite number.");
  }
  return v;
}

const char* const description =
    "Repaints CONTENT in the style of one or more STYLE images (Gatys et al.,\n"
    "\"Image Style Transfer Using Convolutional Neural Networks\").\n"
    "\n"
    "Total loss = content-weight * content + style-weight * style + tv-weight * TV.\n"
    "Layers are VGG19's conv1_1 ... conv5_4 (their ReLU outputs).\n"
    "\n"
    "Weights: --weights, else $NEURAL_STYLE_WEIGHTS, else\n"
    "$XDG_DATA_HOME/neural-style/vgg19*.safetensors|.pth (and $XDG_DATA_DIRS),\n"
    "else ~/.cache/torch/hub/checkpoints/vgg19-dcbb9e9d.pth.\n"
    "Fetch them once with: neural-style-fetch-weights\n"
    "\n"
    "Exit status: 0 success, 1 failure, 2 bad arguments, 3 unreadable or\n"
    "unwritable image, 4 weights missing or invalid, 5 out of memory,\n"
    "130 interrupted (nothing is written).";

}  // namespace

CliOptions parse_command_line(int argc, char** argv) {
  RawArgs a;
  const GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "Result file (.png, .jpg, .tif)", "FILE"},
      {"size", 's', 0, G_OPTION_ARG_INT, &a.size,
       "Longest side of the result in pixels; 0 = the content's own, in full detail (512)", "N"},
      {"iterations", 'i', 0, G_OPTION_ARG_INT, &a.iterations,
       "Iterations at the working size (40; 300 with --single-scale)", "N"},
      {"content-weight", 0, 0, G_OPTION_ARG_STRING, &a.content_weight, "Content weight alpha (1)", "X"},
      {"style-weight", 0, 0, G_OPTION_ARG_STRING, &a.style_weight, "Style weight beta (0.02)", "X"},
      {"tv-weight", 0, 0, G_OPTION_ARG_STRING, &a.tv_weight, "Smoothness (total variation) weight gamma (0.01)", "X"},
      {"tv", 0, 0, G_OPTION_ARG_STRING, &a.tv, "Total variation: isotropic or squared (isotropic)", "KIND"},
      {"content-layer", 0, 0, G_OPTION_ARG_STRING, &a.content_layer, "Content layer (conv4_2)", "LAYER"},
      {"style-layers", 0, 0, G_OPTION_ARG_STRING, &a.style_layers,
       "Style layers, each with an optional weight (64/channels squared when none: conv1_1 1 ... conv5_1 1/64) "
       "(conv1_1,conv2_1,conv3_1,conv4_1,conv5_1)",
       "L[:W],..."},
      {"optimizer", 0, 0, G_OPTION_ARG_STRING, &a.optimizer, "lbfgs, adam or image-adam (lbfgs)", "NAME"},
      {"learning-rate", 0, 0, G_OPTION_ARG_STRING, &a.learning_rate,
       "Step size; 0 = default (L-BFGS 1, Adam 10 levels; detail stages: --detail-learning-rate)", "X"},
      {"lbfgs-history", 0, 0, G_OPTION_ARG_INT, &a.lbfgs_history, "L-BFGS history length (25)", "N"},
      {"init", 0, 0, G_OPTION_ARG_STRING, &a.init, "Start from: content, noise or image (content)", "KIND"},
      {"init-image", 0, 0, G_OPTION_ARG_FILENAME, &a.init_image, "Start image for --init image", "FILE"},
      {"pooling", 0, 0, G_OPTION_ARG_STRING, &a.pooling, "max or average (max)", "KIND"},
      {"style-blend", 0, 0, G_OPTION_ARG_STRING, &a.style_blend, "Relative weight of each style image (equal)",
       "W,W,..."},
      {"style-scale", 0, 0, G_OPTION_ARG_STRING, &a.style_scale, "Style image size relative to the result (1)", "X"},
      {"keep-colors", 0, 0, G_OPTION_ARG_NONE, &a.keep_colors, "Keep the content's colours (luminance transfer)",
       nullptr},
      {"multiscale", 0, 0, G_OPTION_ARG_NONE, &a.multiscale, "Solve coarse to fine (the default)", nullptr},
      {"single-scale", 0, 0, G_OPTION_ARG_NONE, &a.single_scale, "Solve at the final size only", nullptr},
      {"multiscale-start", 0, 0, G_OPTION_ARG_INT, &a.multiscale_start, "Longest side of the first scale (128)", "N"},
      {"multiscale-factor", 0, 0, G_OPTION_ARG_STRING, &a.multiscale_factor, "Size ratio between scales (2)", "X"},
      {"multiscale-iterations", 0, 0, G_OPTION_ARG_INT, &a.multiscale_iterations,
       "Iterations at each coarse scale (as --iterations)", "N"},
      {"detail-size", 0, 0, G_OPTION_ARG_INT, &a.detail_size,
       "Longest side a larger result is solved at before its detail stages (1024)", "N"},
      {"detail-iterations", 0, 0, G_OPTION_ARG_INT, &a.detail_iterations, "Iterations per detail stage (6)", "N"},
      {"detail-layer", 0, 0, G_OPTION_ARG_STRING, &a.detail_layer,
       "Deepest layer of the detail stages, or \"all\" for the job's own layers (conv3_1)", "LAYER"},
      {"detail-optimizer", 0, 0, G_OPTION_ARG_STRING, &a.detail_optimizer,
       "Optimiser of the detail stages: image-adam, adam or lbfgs (image-adam)", "NAME"},
      {"detail-learning-rate", 0, 0, G_OPTION_ARG_STRING, &a.detail_learning_rate,
       "Levels per Adam step in the detail stages (3)", "X"},
      {"tile-memory", 0, 0, G_OPTION_ARG_INT, &a.tile_memory,
       "Memory budget in MB; larger scales are computed in tiles that fit it (0 = automatic: on the CPU 3072, "
       "less where the photo and paintings leave less of 4 GB; 90% of the GPU's free memory)",
       "MB"},
      {"tile-size", 0, 0, G_OPTION_ARG_INT, &a.tile_size, "Tile side in pixels; 0 = the largest that fits (0)", "N"},
      {"seed", 0, 0, G_OPTION_ARG_INT64, &a.seed, "Seed of the noise start (0)", "N"},
      {"save-every", 0, 0, G_OPTION_ARG_INT, &a.save_every, "Also write OUT-N.ext every N iterations (0 = never)", "N"},
      {"bit-depth", 0, 0, G_OPTION_ARG_INT, &a.bit_depth, "8 or 16 bits per sample; 0 = as the content", "N"},
      {"max-megapixels", 0, 0, G_OPTION_ARG_STRING, &a.max_megapixels,
       "Refuse input images larger than this, before decoding them (250)", "X"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a.quiet, "No progress output", nullptr},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a.positional, nullptr, nullptr},
      {nullptr, 0, 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr},
  };
  GOptionContext* context = g_option_context_new("CONTENT STYLE [STYLE...] -o OUT");
  g_option_context_set_summary(context, description);
  g_option_context_add_main_entries(context, entries, nullptr);
  a.network.add_to(context);
  GError* error = nullptr;
  const gboolean ok = g_option_context_parse(context, &argc, &argv, &error);
  g_option_context_free(context);
  if (!ok) {
    std::string msg = error->message;
    g_error_free(error);
    throw UsageError(msg + ". See --help.");
  }

  CliOptions o;
  std::vector<std::string> positional;
  for (gchar** p = a.positional; p && *p; ++p) positional.emplace_back(*p);
  if (positional.size() < 2) throw UsageError("Give a content image and at least one style image. See --help.");
  o.content_path = positional[0];
  o.style_paths.assign(positional.begin() + 1, positional.end());
  if (!a.output) throw UsageError("Say where to write the result with -o OUT. See --help.");
  o.output_path = a.output;

  Options& j = o.job;
  if (given(a.size)) j.size = a.size;
  if (a.multiscale && a.single_scale) throw UsageError("Give --multiscale or --single-scale, not both.");
  j.multiscale.enabled = !a.single_scale;
  // Coarse to fine, the working size needs the iterations of its quality
  // preset; at one scale, the engine's own default.
  j.iterations = a.single_scale ? Options{}.iterations : preset_iterations(j.size);
  if (given(a.iterations)) j.iterations = a.iterations;
  if (a.content_weight) j.content_weight = parse_number(a.content_weight, "--content-weight");
  if (a.style_weight) j.style_weight = parse_number(a.style_weight, "--style-weight");
  if (a.tv_weight) j.tv_weight = parse_number(a.tv_weight, "--tv-weight");
  if (a.tv) j.tv_kind = choose<TvKind>(a.tv, "tv", {{"isotropic", TvKind::isotropic}, {"squared", TvKind::squared}});
  if (a.content_layer) j.content_layer = a.content_layer;
  if (a.style_layers) {
    j.style_layers.clear();
    for (const auto& item : split(a.style_layers, ',')) {
      const auto parts = split(item, ':');
      if (parts.size() > 2 || parts[0].empty()) throw UsageError("Invalid --style-layers item \"" + item + "\".");
      j.style_layers.push_back({parts[0], parts.size() == 2 ? parse_number(parts[1], "layer weight")
                                                            : default_style_layer_weight(parts[0])});
    }
  }
  const auto optimizer = [](const char* value, const char* option) {
    return choose<OptimizerKind>(
        value, option,
        {{"lbfgs", OptimizerKind::lbfgs}, {"adam", OptimizerKind::adam}, {"image-adam", OptimizerKind::image_adam}});
  };
  if (a.optimizer) j.optimizer = optimizer(a.optimizer, "optimizer");
  if (a.learning_rate) j.learning_rate = parse_number(a.learning_rate, "--learning-rate");
  if (given(a.lbfgs_history)) j.lbfgs_history = a.lbfgs_history;
  if (a.init) {
    j.init = choose<InitKind>(a.init, "init",
                              {{"content", InitKind::content}, {"noise", InitKind::noise}, {"image", InitKind::image}});
  }
  if (a.init_image) o.init_image_path = a.init_image;
  if (j.init == InitKind::image && o.init_image_path.empty()) throw UsageError("--init image needs --init-image FILE.");
  if (!o.init_image_path.empty()) j.init = InitKind::image;
  if (a.pooling) {
    j.pooling = choose<Pooling>(a.pooling, "pooling", {{"max", Pooling::max}, {"average", Pooling::average}});
  }
  if (a.style_blend) {
    for (const auto& w : split(a.style_blend, ',')) o.style_blend.push_back(parse_number(w, "style blend weight"));
    if (o.style_blend.size() != o.style_paths.size()) {
      throw UsageError("--style-blend has " + std::to_string(o.style_blend.size()) + " weights for " +
                       std::to_string(o.style_paths.size()) + " style images.");
    }
  }
  if (a.style_scale) j.style_scale = parse_number(a.style_scale, "--style-scale");
  j.keep_colors = a.keep_colors;
  if (given(a.detail_size)) j.multiscale.detail_size = a.detail_size;
  if (given(a.detail_iterations)) j.multiscale.detail_iterations = a.detail_iterations;
  if (a.detail_learning_rate) {
    j.multiscale.detail_learning_rate = parse_number(a.detail_learning_rate, "--detail-learning-rate");
  }
  if (a.detail_optimizer) {
    j.multiscale.detail_optimizer = optimizer(a.detail_optimizer, "detail-optimizer");
  }
  if (a.detail_layer) j.multiscale.detail_layer = std::string(a.detail_layer) == "all" ? "" : a.detail_layer;
  if (given(a.tile_memory)) j.memory_budget_mb = a.tile_memory;
  if (given(a.tile_size)) j.tile_size = a.tile_size;
  if (given(a.multiscale_start)) j.multiscale.start_size = a.multiscale_start;
  if (a.multiscale_factor) j.multiscale.factor = parse_number(a.multiscale_factor, "--multiscale-factor");
  if (given(a.multiscale_iterations)) j.multiscale.coarse_iterations = a.multiscale_iterations;
  if (a.seed < 0) throw UsageError("--seed must be >= 0 (got " + std::to_string(a.seed) + ").");
  j.seed = static_cast<std::uint64_t>(a.seed);
  if (a.save_every < 0) throw UsageError("--save-every must be >= 0.");
  o.save_every = a.save_every;
  j.progress_image_every = a.save_every;
  if (a.bit_depth != 0 && a.bit_depth != 8 && a.bit_depth != 16) throw UsageError("--bit-depth must be 8 or 16.");
  o.bit_depth = a.bit_depth;
  o.quiet = a.quiet;

  NetworkOptions& n = o.network;
  a.network.apply(n);
  const int hardware = static_cast<int>(std::thread::hardware_concurrency());
  if (hardware > 0 && n.threads > hardware) {
    // More threads than cores only adds contention (40x slower measured).
    o.notices.push_back("--threads " + std::to_string(n.threads) + " is more than this machine's " +
                        std::to_string(hardware) + " hardware threads; using " + std::to_string(hardware) + ".");
    n.threads = hardware;
  }
  if (a.max_megapixels) {
    const double mp = parse_number(a.max_megapixels, "--max-megapixels");
    if (mp < 1 || mp > 1e6)
      throw UsageError("--max-megapixels must be between 1 and 1000000 (got " + std::string(a.max_megapixels) + ").");
    o.max_pixels = static_cast<std::uint64_t>(mp * 1e6);
  }
  return o;
}

}  // namespace neural_style::cli
