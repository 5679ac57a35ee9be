#include "neural_style/tiling.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "neural_style/errors.h"
#include "neural_style/multiscale.h"
#include "neural_style/style_size.h"
#include "vgg19_layers.h"

namespace neural_style {
namespace {

int round_up(int value, int multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

// Downsampling of layer `index`'s feature map: 2^poolings before it.
int stride_of(int index) {
  int stride = 1;
  const auto& table = vgg19_conv_layers();
  for (int i = 0; i < index; ++i) stride *= table[i].pool_after ? 2 : 1;
  return stride;
}

// Peak of a tile's forward and backward pass per pixel of its region,
// float32 on the CPU, layers to conv5_1: the activations autograd keeps, the
// features' gradients and oneDNN's scratch space. Counted at 2.4-2.7 KB
// with LibTorch 1.13 (docs/full-resolution.md, tests/test_tile_memory.cpp);
// the 4-6 KB of RSS measured before was glibc's fragmented heap, which the
// CPU block cache now keeps out.
constexpr double tile_bytes_per_pixel = 3072;
// Above the tensors: the process, the libraries and the weights.
constexpr std::uint64_t fixed_bytes = 256ull << 20;

std::uint64_t mb(std::uint64_t bytes) {
  return (bytes + (1u << 20) - 1) >> 20;
}

// An iteration's passes over the tiles of a tiled scale, in forward and
// backward passes (a forward pass alone is about a third of one): the
// gradient's, the current Grams' forward pass, and a recomputed content
// target's. With the previous Grams, a scale's first iteration makes the
// Grams' pass as well (not counted here).
double iteration_passes(TileGrams grams, bool content_recomputed) {
  return 1.0 + (grams == TileGrams::current ? 1.0 / 3.0 : 0.0) + (content_recomputed ? 1.0 / 3.0 : 0.0);
}

}  // namespace

int deepest_layer(const Options& options) {
  int deepest = vgg19_layer_index(options.content_layer);
  for (const auto& l : options.style_layers) deepest = std::max(deepest, vgg19_layer_index(l.layer));
  return deepest;
}

Tile TileGrid::at(int index) const {
  const int column = index % columns, row = index / columns;
  Tile t;
  t.x0 = column * tile;
  t.y0 = row * tile;
  t.x1 = column + 1 == columns ? width : t.x0 + tile;
  t.y1 = row + 1 == rows ? height : t.y0 + tile;
  // One tile reads the image and its margin; several read their halos,
  // which reach at least as far (the margin is at most the halo).
  const int reach = count() == 1 ? margin : halo;
  t.rx0 = std::max(-margin, t.x0 - reach);
  t.ry0 = std::max(-margin, t.y0 - reach);
  t.rx1 = std::min(width + margin, t.x1 + reach);
  t.ry1 = std::min(height + margin, t.y1 + reach);
  return t;
}

double TileGrid::region_pixels() const {
  double total = 0;
  for (int i = 0; i < count(); ++i) {
    const Tile t = at(i);
    total += static_cast<double>(t.rx1 - t.rx0) * (t.ry1 - t.ry0);
  }
  return total;
}

int tile_alignment(int deepest) {
  return stride_of(deepest);
}

int tile_halo(int deepest) {
  // A wrong value at a tile's edge (zero padding where the image goes on)
  // spreads one position per 3x3 convolution, and a 2x2 pooling cell is
  // wrong when either of its inputs is: follow that band down the layers.
  const auto& table = vgg19_conv_layers();
  int band = 0, stride = 1;
  for (int i = 0; i <= deepest; ++i) {
    band += stride;
    if (table[i].pool_after && i < deepest) {
      stride *= 2;
      band = round_up(band, stride);
    }
  }
  return round_up(band, tile_alignment(deepest));
}

int minimum_tile(int deepest) {
  return round_up(tile_halo(deepest), tile_alignment(deepest));
}

int mirror_margin(int width, int height, const Options& options) {
  const int deepest = deepest_layer(options);
  const int align = tile_alignment(deepest);
  const int most = std::min({std::max(options.mirror_margin, 0), tile_halo(deepest), std::min(width, height) - 1});
  return std::max(0, most / align * align);
}

TileGrid make_tile_grid(int width, int height, int deepest, int tile, int margin) {
  TileGrid g;
  g.width = width;
  g.height = height;
  g.margin = margin;
  const int align = tile_alignment(deepest);
  if (tile < std::max(width, height)) tile = tile / align * align;
  if (tile <= 0 || tile >= std::max(width, height)) {
    g.tile = std::max(width, height);
    return g;  // one tile, no halo: the whole image
  }
  g.tile = tile;
  g.halo = tile_halo(deepest);
  g.columns = (width + tile - 1) / tile;
  g.rows = (height + tile - 1) / tile;
  return g;
}

std::uint64_t tile_pass_bytes(double pixels, int deepest) {
  // Scaled by the share of a conv5_1 pass's feature values per pixel that
  // layers to `deepest` make (each layer's channels over its downsampling²),
  // not by its work: the first blocks' large maps hold most of the memory
  // and little of the work. Counted with layers to conv3_1, 0.87 of the
  // conv5_1 pass's bytes per region pixel (tests/test_tile_memory.cpp);
  // this gives 0.79 of the 3 KB, above what was counted.
  const auto values_to = [](int last) {
    double values = 0;
    for (int i = 0; i <= last; ++i) {
      const double stride = stride_of(i);
      values += vgg19_conv_layers()[i].out_channels / (stride * stride);
    }
    return values;
  };
  const double share = std::min(1.0, values_to(deepest) / values_to(vgg19_layer_index("conv5_1")));
  return static_cast<std::uint64_t>(pixels * tile_bytes_per_pixel * (0.25 + 0.75 * share));
}

ScalePlan plan_scale(int width, int height, const Options& options) {
  const int deepest = deepest_layer(options);
  const double pixels = static_cast<double>(width) * height;
  // What grows with the image, in float32 values per pixel: the image and
  // its gradient, the optimiser's state, the content's features at the
  // content layer (the content target), or the content they are recomputed
  // from, and with keep-colours its chroma. (Otherwise the content at this
  // size and the start image the next scale carries from are made when
  // needed, not kept.)
  const int channels = options.keep_colors ? 1 : 3;
  const int content_layer = vgg19_layer_index(options.content_layer);
  const double target = static_cast<double>(vgg19_conv_layers()[content_layer].out_channels) /
                        (static_cast<double>(stride_of(content_layer)) * stride_of(content_layer));
  const auto state_bytes = [&](bool adam, bool content_recomputed = false) {
    // Adam keeps two values per pixel, image Adam one, L-BFGS two per step
    // of its history (`adam`: L-BFGS would not fit, so the scale takes Adam).
    int optimiser = 2 * options.lbfgs_history + 2;
    if (options.optimizer == OptimizerKind::image_adam) {
      optimiser = 1;
    } else if (adam || options.optimizer == OptimizerKind::adam) {
      optimiser = 2;
    }
    const double values =
        channels * (2.0 + optimiser) + (options.keep_colors ? 2.0 : 0.0) + (content_recomputed ? channels : target);
    return static_cast<std::uint64_t>(pixels * values * 4) + fixed_bytes;
  };

  ScalePlan plan;
  // Automatic (0) is the CPU's budget here; the engine gives a GPU's its own.
  const int budget_mb = options.memory_budget_mb > 0 ? options.memory_budget_mb : default_cpu_memory_budget_mb;
  const std::uint64_t budget = static_cast<std::uint64_t>(budget_mb) << 20;
  const int margin = mirror_margin(width, height, options);
  const auto region_of = [&](int tile) {
    const TileGrid g = make_tile_grid(width, height, deepest, tile, margin);
    const Tile t = g.at(0);  // the first tile is the largest
    return static_cast<double>(t.rx1 - t.rx0) * (t.ry1 - t.ry0);
  };
  if (options.tile_size > 0) {
    if (options.tile_size < minimum_tile(deepest)) {
      throw InvalidArgument(
          "A tile of " + std::to_string(options.tile_size) + " px is smaller than the " +
          std::to_string(minimum_tile(deepest)) + " px the layers used see around each pixel; use a tile of at least " +
          std::to_string(minimum_tile(deepest)) + " px, or 0 for the size that fits the memory budget.");
    }
    plan.grid = make_tile_grid(width, height, deepest, options.tile_size, margin);
    plan.adam = plan.grid.count() > 1;
    plan.state_bytes = state_bytes(plan.adam);
    // The tile is the user's; automatic recomputes the content target when
    // keeping it would pass the budget and recomputing it would not.
    const std::uint64_t pass = tile_pass_bytes(region_of(plan.grid.tile), deepest);
    const bool automatic = options.content_target == ContentTarget::automatic && plan.state_bytes + pass > budget &&
                           state_bytes(true, true) + pass <= budget;
    if (plan.adam && (options.content_target == ContentTarget::recomputed || automatic)) {
      plan.content_recomputed = true;
      plan.state_bytes = state_bytes(true, true);
    }
  } else {
    // The whole image with the job's optimiser if it fits, else whole with
    // Adam, else the largest tile that fits what Adam's state leaves of the
    // budget (aligned interiors from the longest side down), with the
    // content target kept or recomputed.
    const int longest = std::max(width, height);
    const int align = tile_alignment(deepest);
    const int smallest = minimum_tile(deepest);
    const std::uint64_t whole_pass = tile_pass_bytes(region_of(longest), deepest);
    plan.state_bytes = state_bytes(false);
    int tile = longest;
    if (plan.state_bytes + whole_pass > budget) {
      plan.adam = true;
      plan.state_bytes = state_bytes(true);
    }
    if (plan.state_bytes + whole_pass > budget) {
      // The largest tile beside `state`, 0 when none fits.
      const auto largest_tile = [&](std::uint64_t state) {
        const auto fits = [&](int t) { return state + tile_pass_bytes(region_of(t), deepest) <= budget; };
        int t = (longest - 1) / align * align;
        while (t > smallest && !fits(t)) t -= align;
        return t >= smallest && fits(t) ? t : 0;
      };
      // A kept or a recomputed content target: whichever makes an
      // iteration's work the least.
      const auto work = [&](int t, bool recomputed) {
        return make_tile_grid(width, height, deepest, t, margin).region_pixels() *
               iteration_passes(options.tile_grams, recomputed);
      };
      const int kept = options.content_target == ContentTarget::recomputed ? 0 : largest_tile(plan.state_bytes);
      const int recomputed = options.content_target == ContentTarget::kept ? 0 : largest_tile(state_bytes(true, true));
      if (kept == 0 && recomputed == 0) {
        const bool keep = options.content_target == ContentTarget::kept;
        const std::uint64_t needed = state_bytes(true, !keep) + tile_pass_bytes(region_of(smallest), deepest);
        throw MemoryBudgetTooSmall(width, height, budget_mb, static_cast<int>(mb(needed)));
      }
      tile = kept;
      if (kept == 0 || (recomputed != 0 && work(recomputed, true) < work(kept, false))) {
        tile = recomputed;
        plan.content_recomputed = true;
        plan.state_bytes = state_bytes(true, true);
      }
    }
    plan.grid = make_tile_grid(width, height, deepest, tile, margin);
  }
  plan.tiled = plan.grid.count() > 1;
  plan.tile_bytes = tile_pass_bytes(region_of(plan.grid.tile), deepest);
  return plan;
}

std::vector<ImageSize> style_sizes(const std::vector<StyleImage>& styles) {
  std::vector<ImageSize> sizes;
  for (const auto& s : styles) sizes.push_back({s.image.width, s.image.height});
  return sizes;
}

int automatic_cpu_budget_mb(ImageSize content, const std::vector<ImageSize>& styles, const Options& options) {
  const auto rgb_bytes = [](double width, double height) { return width * height * 3 * sizeof(float); };
  double outside = rgb_bytes(content.width, content.height) +
                   rgb_bytes(options.init_image.width, options.init_image.height) +
                   static_cast<double>(cpu_process_overhead_mb) * (1 << 20);
  const int longest = style_longest_side(content.width, content.height, options);
  double copies = 0;
  for (const ImageSize& s : styles) {
    outside += rgb_bytes(s.width, s.height);
    const auto [w, h] = fitted_style_size(s.width, s.height, longest);
    if (w != s.width || h != s.height) copies += rgb_bytes(w, h);
  }
  // The copies are the engine's tensors, within the budget but in no plan.
  const double left = static_cast<double>(cpu_process_memory_mb) * (1 << 20) - outside - copies;
  constexpr int smallest_mb = 256;
  return static_cast<int>(std::clamp(left / (1 << 20), static_cast<double>(smallest_mb),
                                     static_cast<double>(default_cpu_memory_budget_mb)));
}

void plan_job(ImageSize content, const std::vector<ImageSize>& styles, const Options& job) {
  Options options = job;
  if (options.memory_budget_mb == 0) options.memory_budget_mb = automatic_cpu_budget_mb(content, styles, job);
  const auto [width, height] = working_size(content.width, content.height, options.size);
  const int min_side = minimum_side_for_layer(deepest_layer(options));
  if (std::min(width, height) < min_side) return;
  for (const Scale& scale : multiscale_schedule(width, height, options, min_side)) {
    plan_scale(scale.width, scale.height, scale_options(options, scale));
  }
}

int smaller_tile(const TileGrid& grid, int deepest) {
  const int align = tile_alignment(deepest), smallest = minimum_tile(deepest);
  const int current = grid.count() > 1 ? grid.tile : std::max(grid.width, grid.height);
  const int half = std::max(smallest, current / 2 / align * align);
  return half < current && grid.width > 0 ? half : 0;
}

double tiled_work_factor(int width, int height, const Options& options, int iterations) {
  try {
    const ScalePlan plan = plan_scale(width, height, options);
    double passes = 1;
    if (plan.tiled) {
      passes = iteration_passes(options.tile_grams, plan.content_recomputed);
      if (options.tile_grams == TileGrams::previous) passes += 1.0 / (3.0 * std::max(iterations, 1));
    }
    return plan.grid.region_pixels() / (static_cast<double>(width) * height) * passes;
  } catch (const Error&) {
    return 1.0;
  }
}

}  // namespace neural_style
