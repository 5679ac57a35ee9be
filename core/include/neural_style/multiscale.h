// Neural Style: the coarse-to-fine schedule, the sizes a job is solved at,
// smallest first. Public so that a host can estimate a job's time.
#pragma once

#include <utility>
#include <vector>

#include "neural_style/options.h"

namespace neural_style {

struct Scale {
  int width = 0;
  int height = 0;
  int iterations = 0;
  // An iteration's work relative to width x height pixels untiled: above 1
  // for a scale computed in tiles, which read their halos and pass over the
  // image twice an iteration (with TileGrams::previous, in the first only;
  // see tiled_work_factor() in neural_style/tiling.h).
  double work_factor = 1.0;
  // Above MultiscaleOptions::detail_size: solved with detail_stage_options(),
  // and work_factor counts its shallower pass too.
  bool detail = false;
};

// The settings a detail stage runs with: the job's, with its style layers
// cut to those down to MultiscaleOptions::detail_layer and a deeper content
// layer replaced by that one. The job's own when detail_layer is empty or
// none of its style layers is that shallow.
Options detail_stage_options(const Options& job);

// The settings `scale` of a job's schedule runs with.
Options scale_options(const Options& job, const Scale& scale);

// The (width, height) a job of Options::size `size` works at for an image
// of width x height: the longest side becomes `size` (0 = the image's own
// size), keeping the aspect, as run() resizes.
std::pair<int, int> working_size(int width, int height, int size);

// The levels, smallest first. The working size is the final size or, for a
// final size above MultiscaleOptions::detail_size, that size (longest
// side, keeping the aspect; for a strip whose short side would be below
// `min_side` there, the smallest size where it is not). Coarser levels
// divide the working size by `factor` while the longest side stays >= the
// start size and the shortest side >= `min_side`. Without multiscale, only
// the final size.
//
// The working size gets `iterations`. Each coarser level has 1/factor² of
// the pixels, so unless coarse_iterations fixes it, it gets `factor` times
// the iterations of the level above: the iterations go where they are
// cheap, and the ladder costs at most factor/(factor-1) times the working
// level alone (twice, for factor 2).
//
// Above the working size come the detail stages (full resolution), up to
// the final size in equal ratios of at most `factor`, detail_iterations
// each: a large image is solved as "High" solves its own, then refined.
std::vector<Scale> multiscale_schedule(int width, int height, const Options& options, int min_side = 1);

// The work of a schedule in pixel-iterations: the sum of each level's
// width × height × iterations × work_factor (an iteration's time grows with
// the pixels it reads).
double schedule_cost(const std::vector<Scale>& schedule);

// The part of the schedule's work done once `iteration` iterations of level
// `scale` (0-based) have run, and every level before it: from 0 to exactly 1
// after the last iteration of the last level.
double work_fraction(const std::vector<Scale>& schedule, int scale, int iteration);

}  // namespace neural_style
