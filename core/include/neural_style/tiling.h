// Neural Style: how a large image is cut into tiles, and how much memory a
// scale needs. Tensor-free, so a host can plan and estimate a job.
//
// A tile computes the features of its interior only, reading a halo around
// it as wide as the receptive field of the deepest layer used: every feature
// of the interior is then exactly the whole image's, and the interiors
// partition every feature map. Gram matrices are sums over positions, so the
// tiles' sums are the whole image's; the loss and its gradient are those of
// the untiled image (docs/full-resolution.md).
#pragma once

#include <cstdint>
#include <vector>

#include "neural_style/image.h"
#include "neural_style/options.h"

namespace neural_style {

// The deepest VGG19 conv layer the job's content and style use (an index
// into its conv layers); throws InvalidArgument for an unknown layer name.
int deepest_layer(const Options& options);

// Rows [y0, y1) and columns [x0, x1) of the interior, and the region
// [ry0, ry1) x [rx0, rx1) the tile reads: the interior and its halo, clipped
// to the image and its mirrored margin (so rx0 may be negative, down to
// -margin, and rx1 up to width + margin).
struct Tile {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int rx0 = 0, ry0 = 0, rx1 = 0, ry1 = 0;
};

struct TileGrid {
  int width = 0, height = 0;
  int tile = 0;  // side of an interior (the last in a row or column may be shorter)
  int halo = 0;
  int margin = 0;  // mirrored pixels beyond each edge of the image (mirror_margin())
  int columns = 1, rows = 1;

  int count() const { return columns * rows; }
  // Row-major, 0-based.
  Tile at(int index) const;
  // The pixels all tiles read together: what one pass over the grid costs,
  // against width * height untiled.
  double region_pixels() const;
};

// The pixels a tile reads beyond its interior on each side so that layers up
// to `deepest` (index into the VGG19 conv layers) see no tile edge: the
// receptive field, grown to whole pooling cells.
int tile_halo(int deepest);
// Tile edges fall on multiples of this (2^poolings before `deepest`), so
// that every tile pools the same 2x2 cells as the whole image.
int tile_alignment(int deepest);
// The smallest interior the engine accepts: a tile that reads mostly halo
// does several times the work for nothing.
int minimum_tile(int deepest);

// How far beyond its edges an image is mirrored before the network sees it,
// for Options::mirror_margin at this size: rounded down to the alignment,
// at most tile_halo() (the interior's features never depend on more), and
// below the shortest side (a mirror needs that many pixels to reflect).
int mirror_margin(int width, int height, const Options& options);

// Interiors of side `tile` (rounded down to the alignment; 0 or >= the
// image's longest side = one tile, whose region is the image and its
// margin), regions clipped to the image mirrored `margin` px beyond its
// edges (a multiple of the alignment, at most the halo).
TileGrid make_tile_grid(int width, int height, int deepest, int tile, int margin = 0);

struct ScalePlan {
  TileGrid grid;       // one tile when the scale fits whole
  bool tiled = false;  // more than one tile
  // Solved with Adam although the job asks for L-BFGS: its history does not
  // fit the budget beside the whole image's pass, Adam's two values do (one
  // whole pass beats tiles' two). Tiled scales always take Adam.
  bool adam = false;
  // The content target (the content's features at the content layer, 8-16
  // values a pixel) is computed again in each tile's pass from the content
  // (1-3 values) instead of kept: where keeping it leaves no tile, or tiles
  // so small that their halos cost more than that forward pass. The values
  // are the same.
  bool content_recomputed = false;
  std::uint64_t state_bytes = 0;  // what grows with the image: pixels, gradient, optimiser, targets
  std::uint64_t tile_bytes = 0;   // the largest tile's forward and backward pass
};

// Plans a width x height scale of `options` within its memory budget
// (Options::memory_budget_mb, or Options::tile_size when set). Throws
// MemoryBudgetTooSmall when even the smallest tile does not fit, and
// InvalidArgument for a tile size below minimum_tile().
ScalePlan plan_scale(int width, int height, const Options& options);

// The sizes of `styles`' images.
std::vector<ImageSize> style_sizes(const std::vector<StyleImage>& styles);

// The CPU's automatic budget (Options::memory_budget_mb 0) for a job whose
// caller gives a content image of `content` and style images of `styles`:
// cpu_process_memory_mb less what the process holds besides the tensors a
// plan counts. That is the caller's pixels, held through the whole job (the
// content, each style image as given and Options::init_image, 12 bytes a
// pixel), the engine's own copy of a style image given longer than the job
// uses it (style_longest_side()), and cpu_process_overhead_mb. At most
// default_cpu_memory_budget_mb, and not below 256 MB: a job that needs more
// is then refused by its plan, which says how much it would need.
int automatic_cpu_budget_mb(ImageSize content, const std::vector<ImageSize>& styles, const Options& options);

// Plans every scale of the job for a content image of `content` and style
// images of `styles` (multiscale_schedule() of its working size), as
// validate_job() does before any work, but without the pixels: a host can
// tell that a layer is too large for a size while the user chooses it. The
// automatic budget is the CPU's (automatic_cpu_budget_mb()); a GPU's is the
// engine's to find. Throws as plan_scale() does, for the first scale that
// does not fit. A result too small for its layers is validate_job()'s to
// refuse; nothing is planned for it here.
void plan_job(ImageSize content, const std::vector<ImageSize>& styles, const Options& options);

// The tile side to go on with after a pass with `grid` ran out of memory:
// half its interior (of the longest side when whole), aligned, and at least
// minimum_tile(); 0 when `grid`'s tiles are already the smallest.
int smaller_tile(const TileGrid& grid, int deepest);

// An iteration's work at width x height relative to the same pixels alone,
// in a scale of `iterations`: the pixels the tiles read (the margin
// included), over the passes of several tiles (the Grams' forward pass costs
// about a third of a forward and backward one, and with the previous
// iteration's Grams, Options::tile_grams, only the first iteration makes
// it; a recomputed content target's forward pass another third); 1 when the
// scale cannot be planned (validate_job() says why).
double tiled_work_factor(int width, int height, const Options& options, int iterations);

// The memory estimate for `pixels` of tile region (forward and backward,
// float32, layers up to `deepest`).
std::uint64_t tile_pass_bytes(double pixels, int deepest);

}  // namespace neural_style
