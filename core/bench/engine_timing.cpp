#include "engine_timing.h"

#include <chrono>

#include "bench_measure.h"

namespace neural_style::bench {
namespace {

using Clock = std::chrono::steady_clock;

double now_seconds() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

}  // namespace

LoopTiming time_loop(Stylizer& stylizer, const Image& content, const Image& style, int warmup, int iterations,
                     const torch::Device& device, int size) {
  Options job;
  job.size = size > 0 ? size : std::max(content.width, content.height);
  job.iterations = warmup + iterations;
  // The progress callback runs after each iteration's losses reached the
  // host, so on a GPU the stamps follow the device's work.
  std::vector<double> stamps;
  std::vector<long> faults;
  LoopTiming t;
  PeakMemory peak(device);
  peak.reset();
  try {
    stylizer.run(content, {{style, 1.0}}, job, [&](const Progress& p) {
      stamps.push_back(now_seconds());
      faults.push_back(minor_page_faults());
      if (p.iteration == 1) t.first_loss = p.losses.total;
      t.final_loss = p.losses.total;
      return true;
    });
  } catch (const Error& e) {
    t.failure = e.what();
    return t;
  }
  std::vector<double> deltas;
  const auto first = static_cast<std::size_t>(warmup);
  for (std::size_t i = first; i + 1 < stamps.size(); ++i) deltas.push_back(stamps[i + 1] - stamps[i]);
  t.seconds_per_iteration = median(deltas);
  if (!deltas.empty()) {
    t.faults_per_iteration = static_cast<double>(faults.back() - faults[first]) / static_cast<double>(deltas.size());
  }
  t.peak_megabytes = peak.megabytes();
  return t;
}

double time_job(Stylizer& stylizer, const Image& content, const Image& style, Options job,
                const torch::Device& device) {
  job.size = std::max(content.width, content.height);
  const auto t0 = Clock::now();
  stylizer.run(content, {{style, 1.0}}, job);
  synchronize(device);
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace neural_style::bench
