// neural-style-bench's command line.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "neural_style/options.h"

namespace neural_style::bench {

struct BenchOptions {
  std::string label = "Benchmark";
  NetworkOptions network;
  std::vector<int> sizes = {256, 512, 1024, 2048};
  int iterations = 5;  // timed, after the warm-up ones
  int warmup = 2;
  std::set<int> job_sizes;  // sizes that also get a whole default job timed
  int job_iterations = 0;   // of those jobs; 0 = the engine's default (300)
  bool reference = true;
  // Pythons to try for the reference, in order: the first whose "import
  // torch" works runs it. --python gives one.
  std::vector<std::string> pythons = {"python3", "/usr/bin/python3"};
  std::string reference_script;
  // Side-by-side comparisons: layout, gram, precision, multiscale, presets,
  // tile-grams, content-target, detail-layers.
  std::vector<std::string> compare;
  int compare_size = 256;
  int compare_iterations = 0;
  int compare_coarse_iterations = 0;     // multiscale: fixed coarse iterations; 0 = the engine's rule  // final-size
                                         // iterations of compared jobs; 0 = the engine's default
  int compare_seconds = 0;               // multiscale: budget of both runs; 0 = what the multiscale job takes
  std::string content_path, style_path;  // comparisons' images; empty = synthetic
  std::string compare_images;            // detail-layers writes its results in this folder; empty = none
  std::string record_path;
  // Whole full-resolution jobs on 4:3 photos of these megapixels (none by
  // default; docs/full-resolution.md), with this memory budget (0 = the
  // engine's default).
  std::vector<double> full_megapixels;
  int full_memory_mb = 0;
  int full_tile = 0;  // tile side of those jobs; 0 = from the budget
};

// Throws std::invalid_argument with a message for the user.
BenchOptions parse_bench_options(int argc, char** argv);

}  // namespace neural_style::bench
