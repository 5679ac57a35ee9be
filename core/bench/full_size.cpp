#include "full_size.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "bench_images.h"
#include "bench_measure.h"
#include "cpu_block_cache.h"
#include "image_io.h"
#include "neural_style/multiscale.h"
#include "neural_style/presets.h"
#include "neural_style/tiling.h"

namespace neural_style::bench {
namespace {

using Clock = std::chrono::steady_clock;

// A 4:3 camera frame of about `megapixels`.
std::pair<int, int> frame_of(double megapixels) {
  const double height = std::sqrt(megapixels * 1e6 * 3.0 / 4.0);
  return {static_cast<int>(std::lround(height * 4.0 / 3.0)), static_cast<int>(std::lround(height))};
}

}  // namespace

std::vector<std::string> full_size_table(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  const Image style = o.style_path.empty() ? synthetic_style(1200, 900) : load_image(o.style_path).image;
  Options job;
  job.size = 0;
  job.multiscale.enabled = true;
  job.iterations = o.job_iterations > 0 ? o.job_iterations : preset_iterations(0);  // the "Full" preset
  if (o.full_memory_mb > 0) job.memory_budget_mb = o.full_memory_mb;
  job.tile_size = o.full_tile;
  std::vector<std::string> lines = {
      "### Full resolution: a 4:3 photo at its own size (size 0, coarse to fine, " + std::to_string(job.iterations) +
          " iterations at " + std::to_string(job.multiscale.detail_size) + " px, detail stages of " +
          std::to_string(job.multiscale.detail_iterations) + " iterations; memory budget " +
          std::to_string(job.memory_budget_mb) + " MB; style " +
          (o.style_path.empty() ? "synthetic 1200x900" : o.style_path) + ")",
      "",
      "| megapixels | size | scales: W x H x iterations (tiles): s, peak MB (tensors' blocks MB, CPU) | job s | peak "
      "MB |",
      "|---|---|---|---|---|"};
  for (double mp : o.full_megapixels) {
    const auto [w, h] = frame_of(mp);
    const Image content = synthetic_content(w, h);
    std::string scales;
    int scale = -1, tiles = 1;
    // Each scale's own peak (the peak is reset when a scale starts), so the
    // table shows which scale sets the job's peak against the budget.
    PeakMemory peak(device);
    peak.reset();
    reset_cpu_block_cache_peak();
    double job_peak = 0;
    auto t0 = Clock::now(), scale_start = t0;
    // A scale closes with its last iteration's progress, so that what the
    // next one does first (its targets, its first tile) counts as the next
    // one's; its time and peak start there.
    const auto close_scale = [&](const Progress& p) {
      const double s = std::chrono::duration<double>(Clock::now() - scale_start).count();
      const double scale_peak = peak.megabytes();
      job_peak = std::max(job_peak, scale_peak);
      // On the CPU, what the block cache held (the tensors' blocks in use and
      // kept), against the budget it is given.
      const std::string blocks =
          device.is_cpu() ? " (" + fmt("%.0f", cpu_block_cache_stats().peak_resident / 1048576.0) + ")" : "";
      reset_cpu_block_cache_peak();
      scales += (scales.empty() ? "" : ", ") + std::to_string(p.width) + "x" + std::to_string(p.height) + " x " +
                std::to_string(p.iterations) + (tiles > 1 ? " (" + std::to_string(tiles) + " tiles)" : "") + ": " +
                fmt("%.0f", s) + " s, " + fmt("%.0f", scale_peak) + " MB" + blocks;
      peak.reset();
      scale_start = Clock::now();
    };
    std::string row = "| " + fmt("%.3g", static_cast<double>(w) * h / 1e6) + " | " + std::to_string(w) + "x" +
                      std::to_string(h) + " | ";
    try {
      stylizer.run(content, {{style, 1.0}}, job, [&](const Progress& p) {
        if (p.scale != scale) {
          scale = p.scale;
          tiles = 1;
        }
        // p.tiles counts the tiles of an iteration's passes: two in the first.
        if (p.tiles > 0 && p.iteration == 1) tiles = p.tiles / 2;
        if (p.tile == 0 && p.retiled == 0 && p.iteration == p.iterations) close_scale(p);
        return true;
      });
      synchronize(device);
      row += scales + " | " + fmt("%.0f", std::chrono::duration<double>(Clock::now() - t0).count()) + " | " +
             fmt("%.0f", std::max(job_peak, peak.megabytes())) + (peak.exact() ? "" : " (process peak)") + " |";
    } catch (const Error& e) {
      row += std::string("failed: ") + e.what() + " | | |";
    }
    lines.push_back(row);
  }
  lines.push_back("");
  return lines;
}

}  // namespace neural_style::bench
