#include "bench_compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "bench_images.h"
#include "bench_measure.h"
#include "device.h"
#include "engine_timing.h"
#include "image_io.h"
#include "losses.h"
#include "neural_style/errors.h"
#include "neural_style/presets.h"
#include "vgg19_layers.h"

namespace neural_style::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Pictures {
  Image content, style;
};

// The user's images when given (resized by the engine to the comparison
// size), else the synthetic square pair.
Pictures pictures(const BenchOptions& o) {
  Pictures p;
  p.content =
      o.content_path.empty() ? synthetic_content(o.compare_size, o.compare_size) : load_image(o.content_path).image;
  p.style = o.style_path.empty() ? synthetic_style(o.compare_size, o.compare_size) : load_image(o.style_path).image;
  return p;
}

NetworkOptions same_weights(const BenchOptions& o, const Stylizer& stylizer) {
  NetworkOptions n = o.network;
  n.weights_path = stylizer.weights_path();
  return n;
}

// Adds "W x H x iterations" of each scale to `text` as a job finishes it.
void note_scale(std::string& text, const Progress& p) {
  if (p.iteration != p.iterations) return;
  text += (text.empty() ? "" : ", ") + std::to_string(p.width) + "x" + std::to_string(p.height) + " x " +
          std::to_string(p.iterations);
}

std::vector<std::string> compare_layout(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  NetworkOptions nchw = same_weights(o, stylizer), last = nchw;
  nchw.channels_last = false;
  last.channels_last = true;
  Stylizer a(last), b(nchw);
  const Pictures p = pictures(o);
  // Alternate the two so that a slow spell of the machine hits both.
  std::vector<double> ta, tb;
  for (int round = 0; round < 2; ++round) {
    ta.push_back(
        time_loop(a, p.content, p.style, o.warmup, o.iterations, device, o.compare_size).seconds_per_iteration);
    tb.push_back(
        time_loop(b, p.content, p.style, o.warmup, o.iterations, device, o.compare_size).seconds_per_iteration);
  }
  const double sa = median(ta), sb = median(tb);
  return {"### Layout at " + std::to_string(o.compare_size) + " px (longest side)",
          "",
          "| layout | s/iter (two alternating rounds, median) |",
          "|---|---|",
          "| channels-last | " + fmt("%.3f", sa) + " |",
          "| NCHW | " + fmt("%.3f", sb) + " |",
          "",
          "NCHW / channels-last = **" + fmt("%.2f", sb / sa) + "**",
          ""};
}

// Forward and backward of one Gram matrix, best of repeats filling ~0.3 s.
template <typename Gram>
double time_gram(const torch::Tensor& features, const torch::Device& device, Gram gram) {
  auto f = features.detach().requires_grad_(true);
  double best = 1e30;
  const auto start = Clock::now();
  int runs = 0;
  while (runs < 2 || std::chrono::duration<double>(Clock::now() - start).count() < 0.3) {
    const auto t0 = Clock::now();
    gram(f).pow(2).sum().backward();
    synchronize(device);
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    f.mutable_grad() = torch::Tensor();
    ++runs;
  }
  return best;
}

std::vector<std::string> compare_gram(const BenchOptions& o, const torch::Device& device) {
  std::vector<std::string> lines = {
      "### Gram matrix (forward + backward) at " + std::to_string(o.compare_size) + " px, channels-last features", "",
      "| layer | C x M | engine ms | torch::mm ms | mm / engine |", "|---|---|---|---|---|"};
  const auto& layers = vgg19_conv_layers();
  int side = o.compare_size;
  double total_engine = 0, total_mm = 0;
  for (std::size_t i = 0; i < layers.size() && i <= 12; ++i) {
    const std::string name = layers[i].name;
    if (name == "conv1_1" || name == "conv2_1" || name == "conv3_1" || name == "conv4_1" || name == "conv5_1") {
      const auto f = torch::rand({1, layers[i].out_channels, side, side}, torch::TensorOptions().device(device))
                         .contiguous(c10::MemoryFormat::ChannelsLast);
      const double te = time_gram(f, device, [](const torch::Tensor& x) { return gram_matrix(x); });
      const double tm = time_gram(f, device, [](const torch::Tensor& x) {
        const auto ft = x.permute({0, 2, 3, 1}).reshape({-1, x.size(1)});
        return torch::mm(ft.t(), ft);
      });
      total_engine += te;
      total_mm += tm;
      lines.push_back("| " + name + " | " + std::to_string(layers[i].out_channels) + " x " +
                      std::to_string(side * side) + " | " + fmt("%.1f", te * 1e3) + " | " + fmt("%.1f", tm * 1e3) +
                      " | " + fmt("%.2f", tm / te) + " |");
    }
    if (layers[i].pool_after) side /= 2;
  }
  lines.push_back("| all five | | " + fmt("%.1f", total_engine * 1e3) + " | " + fmt("%.1f", total_mm * 1e3) + " | **" +
                  fmt("%.2f", total_mm / total_engine) + "** |");
  lines.push_back("");
  return lines;
}

std::vector<std::string> compare_precision(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  const Pictures p = pictures(o);
  Options job;
  job.size = o.compare_size;
  job.iterations = o.compare_iterations > 0 ? o.compare_iterations : 50;
  std::vector<std::string> lines = {
      "### Precision at " + std::to_string(o.compare_size) + " px, " + std::to_string(job.iterations) + " iterations",
      "", "| arithmetic | job s | final loss (float32 evaluation) | loss / float32 |", "|---|---|---|---|"};
  std::vector<Precision> kinds = {Precision::float32, Precision::bfloat16};
  if (device.is_cuda()) kinds.push_back(Precision::float16);
  double reference_loss = 0;
  for (Precision k : kinds) {
    NetworkOptions n = same_weights(o, stylizer);
    n.precision = k;
    Stylizer s(n);
    const auto t0 = Clock::now();
    const Image result = s.run(p.content, {{p.style, 1.0}}, job);
    synchronize(device);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const double loss = stylizer.evaluate(p.content, {{p.style, 1.0}}, result, job).total;
    if (k == Precision::float32) reference_loss = loss;
    lines.push_back(std::string("| ") + to_string(k) + " | " + fmt("%.2f", seconds) + " | " + fmt("%.4g", loss) +
                    " | " + fmt("%.4f", loss / reference_loss) + " |");
  }
  lines.push_back("");
  return lines;
}

std::vector<std::string> compare_multiscale(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  const Pictures p = pictures(o);
  Options multi;
  multi.size = o.compare_size;
  multi.multiscale.enabled = true;
  if (o.compare_iterations > 0) multi.iterations = o.compare_iterations;
  multi.multiscale.coarse_iterations = o.compare_coarse_iterations;
  const std::vector<StyleImage> styles = {{p.style, 1.0}};

  std::string schedule;
  const auto t0 = Clock::now();
  const Image multi_result = stylizer.run(p.content, styles, multi, [&](const Progress& pr) {
    note_scale(schedule, pr);
    return true;
  });
  synchronize(device);
  const double multi_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const double budget = o.compare_seconds > 0 ? o.compare_seconds : multi_seconds;

  // One scale for the same wall time: stop at the budget, keep the latest image.
  Options single = multi;
  single.multiscale.enabled = false;
  single.iterations = 100000;
  single.progress_image_every = 1;
  Image single_result;
  int single_iterations = 0;
  const auto t1 = Clock::now();
  try {
    stylizer.run(p.content, styles, single, [&](const Progress& pr) {
      single_result = *pr.image;
      single_iterations = pr.iteration;
      return std::chrono::duration<double>(Clock::now() - t1).count() < budget;
    });
  } catch (const Cancelled&) {
  }
  const double single_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  const double lm = stylizer.evaluate(p.content, styles, multi_result, multi).total;
  const double ls = stylizer.evaluate(p.content, styles, single_result, multi).total;
  return {"### Multiscale vs one scale at " + std::to_string(o.compare_size) + " px, same wall time",
          "",
          "| run | schedule | s | final total loss at " + std::to_string(o.compare_size) + " px |",
          "|---|---|---|---|",
          "| multiscale | " + schedule + " | " + fmt("%.1f", multi_seconds) + " | " + fmt("%.4g", lm) + " |",
          "| one scale | " + std::to_string(single_iterations) + " iterations | " + fmt("%.1f", single_seconds) +
              " | " + fmt("%.4g", ls) + " |",
          "",
          "multiscale / one-scale loss = **" + fmt("%.3f", lm / ls) + "** (below 1: multiscale is better)",
          ""};
}

// The hosts' quality presets as the GIMP dialog runs them (multiscale on),
// at the content's own aspect ratio.
std::vector<std::string> time_presets(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  const Pictures p = pictures(o);
  std::vector<std::string> lines = {"### Quality presets (multiscale, content " + std::to_string(p.content.width) +
                                        "x" + std::to_string(p.content.height) + " px)",
                                    "", "| preset | size | schedule | job s |", "|---|---|---|---|"};
  for (const auto& preset : quality_presets()) {
    if (preset.size == 0 || preset.size > o.compare_size) continue;
    Options job;
    job.size = preset.size;
    job.iterations = preset.iterations;
    job.multiscale.enabled = true;
    std::string schedule;
    const auto t0 = Clock::now();
    stylizer.run(p.content, {{p.style, 1.0}}, job, [&](const Progress& pr) {
      note_scale(schedule, pr);
      return true;
    });
    synchronize(device);
    lines.push_back(std::string("| ") + preset.name + " | " + std::to_string(preset.size) + " | " + schedule + " | " +
                    fmt("%.1f", std::chrono::duration<double>(Clock::now() - t0).count()) + " |");
  }
  lines.push_back("");
  return lines;
}

// A coarse-to-fine job at the comparison size with the full-size jobs'
// memory budget and tile side.
Options coarse_to_fine_job(const BenchOptions& o) {
  Options job;
  job.size = o.compare_size;
  job.multiscale.enabled = true;
  if (o.compare_iterations > 0) job.iterations = o.compare_iterations;
  job.memory_budget_mb = o.full_memory_mb;
  job.tile_size = o.full_tile;
  return job;
}

// A coarse-to-fine job whose largest scales are computed in tiles, run
// with the first and then the second of two variants (`configure(job, k)`):
// time, the tiled scales' time, final loss, and how far apart the results are.
struct TiledPair {
  std::string heading, column, labels[2], ratio;
  std::function<void(Options&, int)> configure;
};

std::vector<std::string> compare_tiled_pair(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device,
                                            const TiledPair& pair) {
  const Pictures p = pictures(o);
  Options job = coarse_to_fine_job(o);
  const std::vector<StyleImage> styles = {{p.style, 1.0}};
  std::vector<std::string> lines = {
      "### " + pair.heading + " (" + std::to_string(o.compare_size) + " px, coarse to fine, memory budget " +
          std::to_string(job.memory_budget_mb) + " MB, tile " + std::to_string(job.tile_size) + ")",
      "",
      "| " + pair.column + " | schedule (tiles) | job s | tiled scales s | final total loss | loss / " +
          pair.labels[0] + " |",
      "|---|---|---|---|---|---|"};
  Image results[2];
  double losses[2] = {0, 0}, seconds[2] = {0, 0}, tiled[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    pair.configure(job, k);
    std::string schedule;
    int scale = -1, most_tiles = 0;
    auto scale_start = Clock::now();
    const auto t0 = Clock::now();
    results[k] = stylizer.run(p.content, styles, job, [&](const Progress& pr) {
      if (pr.scale != scale) {
        scale = pr.scale;
        most_tiles = 0;
        scale_start = Clock::now();
      }
      most_tiles = std::max(most_tiles, pr.tiles);
      if (pr.tile == 0 && pr.iteration == pr.iterations) {
        // The first iteration's steps are both passes' tiles.
        const int tiles = most_tiles / 2;
        note_scale(schedule, pr);
        if (tiles > 1) {
          schedule += " (" + std::to_string(tiles) + ")";
          tiled[k] += std::chrono::duration<double>(Clock::now() - scale_start).count();
        }
      }
      return true;
    });
    synchronize(device);
    seconds[k] = std::chrono::duration<double>(Clock::now() - t0).count();
    losses[k] = stylizer.evaluate(p.content, styles, results[k], job).total;
    lines.push_back("| " + pair.labels[k] + " | " + schedule + " | " + fmt("%.1f", seconds[k]) + " | " +
                    fmt("%.1f", tiled[k]) + " | " + fmt("%.5g", losses[k]) + " | " +
                    fmt("%.4f", losses[k] / losses[0]) + " |");
  }
  double difference = 0;
  for (std::size_t i = 0; i < results[0].rgb.size(); ++i)
    difference += std::fabs(results[0].rgb[i] - results[1].rgb[i]);
  difference *= 255.0 / static_cast<double>(std::max<std::size_t>(results[0].rgb.size(), 1));
  lines.push_back("");
  lines.push_back(pair.ratio + " job time = **" + fmt("%.3f", seconds[1] / seconds[0]) + "**, tiled scales' time **" +
                  fmt("%.3f", tiled[1] / std::max(tiled[0], 1e-9)) + "**; the results differ by " +
                  fmt("%.3g", difference) + " levels on average");
  lines.push_back("");
  return lines;
}

// The style gradient of tiled scales from the current Grams (two passes an
// iteration) and from the previous iteration's (one pass).
std::vector<std::string> compare_tile_grams(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  return compare_tiled_pair(
      o, stylizer, device,
      {"Tiled scales: the style gradient from the current or the previous iteration's Grams",
       "Grams",
       {"current (two passes)", "previous (one pass)"},
       "previous / current",
       [](Options& job, int k) { job.tile_grams = k == 0 ? TileGrams::current : TileGrams::previous; }});
}

// Tiled scales' content target kept whole or computed again in each tile
// (what photos too large for a kept one get): the same result, a forward
// pass of the content more per tile.
std::vector<std::string> compare_content_target(const BenchOptions& o, Stylizer& stylizer,
                                                const torch::Device& device) {
  return compare_tiled_pair(
      o, stylizer, device,
      {"Tiled scales: the content target kept or computed again in each tile",
       "content target",
       {"kept", "recomputed"},
       "recomputed / kept",
       [](Options& job, int k) { job.content_target = k == 0 ? ContentTarget::kept : ContentTarget::recomputed; }});
}

// A job with detail stages (coarse to fine up to the comparison size,
// above MultiscaleOptions::detail_size) run first with the job's own layers
// in its detail stages, then with their default shallower ones: time, the
// detail stages' time, the final loss under the job's own objective (which
// only the first run optimises there), and, with --compare-images, both
// results as PNG.
std::vector<std::string> compare_detail_layers(const BenchOptions& o, Stylizer& stylizer, const torch::Device& device) {
  const Pictures p = pictures(o);
  Options job = coarse_to_fine_job(o);
  const std::vector<StyleImage> styles = {{p.style, 1.0}};
  const std::string shallow = job.multiscale.detail_layer;
  std::vector<std::string> lines = {
      "### Detail stages with layers to " + shallow + " or the job's own (" + std::to_string(o.compare_size) +
          " px, coarse to fine, detail stages above " + std::to_string(job.multiscale.detail_size) + " px)",
      "", "| detail stages' layers | schedule | job s | detail stages s | final loss (job's layers) | loss / own |",
      "|---|---|---|---|---|---|"};
  Image results[2];
  double losses[2] = {0, 0}, seconds[2] = {0, 0}, detail_seconds[2] = {0, 0};
  // The job's own layers first: the ratios are against it.
  for (int k = 0; k < 2; ++k) {
    job.multiscale.detail_layer = k == 0 ? "" : shallow;
    std::string schedule;
    int scale = -1;
    auto scale_start = Clock::now();
    const auto t0 = Clock::now();
    results[k] = stylizer.run(p.content, styles, job, [&](const Progress& pr) {
      if (pr.scale != scale) {
        scale = pr.scale;
        scale_start = Clock::now();
      }
      if (pr.tile == 0 && pr.iteration == pr.iterations) {
        note_scale(schedule, pr);
        if (std::max(pr.width, pr.height) > job.multiscale.detail_size) {
          detail_seconds[k] += std::chrono::duration<double>(Clock::now() - scale_start).count();
        }
      }
      return true;
    });
    synchronize(device);
    seconds[k] = std::chrono::duration<double>(Clock::now() - t0).count();
    // evaluate() scores with the job's own layers whatever its detail stages used.
    losses[k] = stylizer.evaluate(p.content, styles, results[k], job).total;
    lines.push_back(std::string("| ") + (k == 0 ? "the job's own" : "to " + shallow) + " | " + schedule + " | " +
                    fmt("%.1f", seconds[k]) + " | " + fmt("%.1f", detail_seconds[k]) + " | " + fmt("%.5g", losses[k]) +
                    " | " + fmt("%.4f", losses[k] / losses[0]) + " |");
    if (!o.compare_images.empty()) {
      save_image(results[k], o.compare_images + "/detail-layers-" + (k == 0 ? std::string("own") : shallow) + ".png");
    }
  }
  lines.push_back("");
  lines.push_back("detail stages to " + shallow + " / the job's own: job time **" +
                  fmt("%.3f", seconds[1] / seconds[0]) + "**, detail stages' time **" +
                  fmt("%.3f", detail_seconds[1] / std::max(detail_seconds[0], 1e-9)) + "**");
  lines.push_back("");
  return lines;
}

}  // namespace

std::vector<std::string> run_comparison(const std::string& name, const BenchOptions& options, Stylizer& stylizer,
                                        const torch::Device& device) {
  if (name == "layout") return compare_layout(options, stylizer, device);
  if (name == "gram") return compare_gram(options, device);
  if (name == "precision") return compare_precision(options, stylizer, device);
  if (name == "multiscale") return compare_multiscale(options, stylizer, device);
  if (name == "presets") return time_presets(options, stylizer, device);
  if (name == "tile-grams") return compare_tile_grams(options, stylizer, device);
  if (name == "content-target") return compare_content_target(options, stylizer, device);
  if (name == "detail-layers") return compare_detail_layers(options, stylizer, device);
  throw InvalidArgument("Unknown comparison \"" + name + "\".");
}

}  // namespace neural_style::bench
