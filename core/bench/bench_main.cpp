// neural-style-bench: how fast the engine is, against the arithmetic floor of
// the device and against a Python PyTorch reference of the same loss and
// optimiser, measured side by side in one run (docs/benchmarks.md).
#include <glib.h>
#include <glib/gstdio.h>
#include <torch/version.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench_compare.h"
#include "bench_images.h"
#include "bench_measure.h"
#include "bench_options.h"
#include "device.h"
#include "engine_timing.h"
#include "full_size.h"
#include "neural_style/neural_style.h"
#include "neural_style/tiling.h"
#include "reference_runner.h"
#include "vgg19_layers.h"

using namespace neural_style;
using namespace neural_style::bench;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string join_args(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += std::string(i ? " " : "") + argv[i];
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = join_args(argc, argv);  // before parsing rearranges argv
  BenchOptions o;
  try {
    o = parse_bench_options(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "neural-style-bench: " << e.what() << std::endl;
    return 2;
  }
  std::ostringstream report;
  // Everything printed also goes to the record file, if any.
  auto emit = [&](const std::string& line) {
    std::cout << line << std::endl;
    report << line << "\n";
  };

  try {
    const auto load_start = Clock::now();
    configure_process(o.network);  // the variants compared below share these
    Stylizer stylizer(o.network);
    const double load_seconds = seconds_since(load_start);
    const torch::Device device = select_device(o.network.device);
    const torch::Dtype dtype = dtype_of(o.network.precision, device);
    const MatmulRate rate = measure_matmul_rate(device, dtype);
    const int deepest = deepest_layer(Options{});

    gchar* tmp = g_dir_make_tmp("neural-style-bench-XXXXXX", nullptr);
    const std::string tmpdir = tmp ? tmp : "/tmp";
    g_free(tmp);

    emit("## " + o.label);
    emit("");
    emit("- Machine: " + machine_description(device));
    emit("- Device: " + stylizer.device_description() + "; LibTorch " + TORCH_VERSION + "; " +
         to_string(o.network.precision) + (o.network.channels_last ? ", channels-last" : ", NCHW") +
         (device.is_cuda() ? std::string(o.network.allow_tf32 ? ", TF32" : ", no TF32") +
                                 (o.network.cudnn_benchmark ? ", cuDNN benchmark" : "")
                           : ""));
    emit("- BLAS: " + blas_description());
    ReferencePython python;
    if (o.reference) {
      python = find_reference_python(o.pythons);
      emit("- Reference: " + (python.python.empty() ? "not run, " + python.why_not
                                                    : python.python + ", PyTorch " + python.torch_version + ", BLAS " +
                                                          (python.blas.empty() ? "none loaded" : python.blas)));
    }
    emit("- Command: `" + command + "`");
    emit("- Weights: " + stylizer.weights_path() + " (" + to_string(stylizer.convention()) + "), loaded in " +
         fmt("%.2f", load_seconds) + " s");
    emit("- Matrix product: " + fmt("%.1f", rate.mm_gflops) + " GFLOP/s as torch::mm, " +
         fmt("%.1f", rate.conv_gflops) + " GFLOP/s as a 1x1 convolution; the floor uses " + fmt("%.1f", rate.best()) +
         " GFLOP/s");
    emit("- Iterations: L-BFGS, " + std::to_string(o.warmup) + " warm-up + " + std::to_string(o.iterations) +
         " timed (median); floor = 2 x forward conv FLOPs up to conv5_1 / matrix-product rate");
    emit("");
    emit(
        "| size | s/iter | floor s/iter | x floor | peak MB | page faults/iter | default job s | reference s/iter | "
        "ours/reference | reference peak MB | start loss ours/reference |");
    emit("|---|---|---|---|---|---|---|---|---|---|---|");

    std::vector<std::string> notes;
    for (int size : o.sizes) {
      const Image content = synthetic_content(size, size), style = synthetic_style(size, size);
      const double floor_s = 2.0 * vgg19_conv_flops(size, size, deepest) / (rate.best() * 1e9);
      const LoopTiming ours = time_loop(stylizer, content, style, o.warmup, o.iterations, device);
      std::string row = "| " + std::to_string(size) + " | ";
      if (!ours.failure.empty()) {
        emit(row + "failed: " + ours.failure + " | | | | | | | | | |");
        continue;
      }
      row += fmt("%.4g", ours.seconds_per_iteration) + " | " + fmt("%.4g", floor_s) + " | " +
             fmt("%.2f", ours.seconds_per_iteration / floor_s) + " | " + fmt("%.0f", ours.peak_megabytes) + " | " +
             fmt("%.0f", ours.faults_per_iteration) + " | ";
      if (o.job_sizes.count(size)) {
        try {
          Options job;
          if (o.job_iterations > 0) job.iterations = o.job_iterations;
          row += fmt("%.1f", time_job(stylizer, content, style, job, device)) + " | ";
        } catch (const Error& e) {
          row += std::string("failed: ") + e.what() + " | ";
        }
      } else {
        row += "- | ";
      }
      ReferenceResult ref;
      if (o.reference && python.python.empty()) {
        notes.push_back("Reference at " + std::to_string(size) + " px not run: " + python.why_not);
      } else if (o.reference) {
        ReferenceJob job;
        job.python = python.python;
        job.script = o.reference_script;
        job.weights = stylizer.weights_path();
        job.content_ppm = tmpdir + "/content.ppm";
        job.style_ppm = tmpdir + "/style.ppm";
        write_ppm(content, job.content_ppm);
        write_ppm(style, job.style_ppm);
        job.device = device.is_cuda() ? "cuda" : "cpu";
        job.precision = to_string(o.network.precision);
        job.threads = cpu_thread_count(o.network.threads);  // as many as ours (its own default may be fewer)
        job.iterations = o.iterations;
        job.warmup = o.warmup;
        job.channels_last = o.network.channels_last;
        job.allow_tf32 = o.network.allow_tf32;
        job.cudnn_benchmark = o.network.cudnn_benchmark;
        ref = run_reference(job);
        if (!ref.ran) notes.push_back("Reference at " + std::to_string(size) + " px not run: " + ref.why_not);
      }
      if (ref.ran) {
        row += fmt("%.4g", ref.seconds_per_iteration) + " | " +
               fmt("%.2f", ours.seconds_per_iteration / ref.seconds_per_iteration) + " | " +
               fmt("%.0f", ref.peak_megabytes) + " | " + fmt("%.6f", ours.first_loss / ref.first_loss) + " |";
      } else {
        row += "- | - | - | - |";
      }
      emit(row);
    }
    for (const auto& n : notes) emit("\n" + n);
    if (!o.compare.empty()) emit("");
    for (const auto& c : o.compare) {
      for (const auto& line : run_comparison(c, o, stylizer, device)) emit(line);
    }
    if (!o.full_megapixels.empty()) {
      emit("");
      for (const auto& line : full_size_table(o, stylizer, device)) emit(line);
    }
    g_remove((tmpdir + "/content.ppm").c_str());
    g_remove((tmpdir + "/style.ppm").c_str());
    g_rmdir(tmpdir.c_str());
  } catch (const std::exception& e) {
    std::cerr << "neural-style-bench: " << e.what() << std::endl;
    return 1;
  }

  if (!o.record_path.empty()) {
    std::ofstream out(o.record_path, std::ios::app);
    out << "\n" << report.str();
    if (!out) {
      std::cerr << "neural-style-bench: cannot append to " << o.record_path << std::endl;
      return 1;
    }
    std::cout << "Recorded in " << o.record_path << std::endl;
  }
  return 0;
}
