// neural-style: the command-line tool over the engine.
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli_options.h"
#include "image_io.h"
#include "neural_style/neural_style.h"
#include "output_checks.h"
#include "progress_bar.h"

using namespace neural_style;
using namespace neural_style::cli;

namespace {

volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) {
  interrupted = 1;
}

int fail(int code, const std::string& message) {
  std::cerr << "neural-style: " << message << std::endl;
  return code;
}

// What a failed run left behind: never the result, perhaps snapshots.
std::string left_behind(const std::vector<std::string>& snapshots) {
  if (snapshots.empty()) return "";
  return " The result was not written, but " + std::to_string(snapshots.size()) +
         (snapshots.size() == 1 ? " --save-every snapshot was" : " --save-every snapshots were") +
         " (the last: " + snapshots.back() + ").";
}

// "Running on GPU: NVIDIA H200 (CUDA device 0 of 1).", "Running on CPU, 2
// threads." or, when --device auto found no GPU, why.
std::string device_line(const std::string& description, DeviceKind requested) {
  std::string line = "Running on " + description + ".";
  if (requested == DeviceKind::automatic && description.rfind("GPU", 0) != 0) {
    line += " " + gpu_unavailable_reason();
  }
  return line;
}

std::string device_remedy(const DeviceUnavailable& e) {
  return e.libtorch_has_cuda()
             ? " Run with --device auto or --device cpu to use the CPU, or check the GPU and its driver (nvidia-smi)."
             : " Run with --device auto or --device cpu to use the CPU, or build neural-style against a CUDA LibTorch "
               "(meson setup -Dlibtorch_dir=...; README: Building against another LibTorch).";
}

}  // namespace

int main(int argc, char** argv) {
  CliOptions o;
  try {
    o = parse_command_line(argc, argv);
    check_output_before_work(o);
  } catch (const UsageError& e) {
    return fail(exit_usage, e.what());
  }
  for (const auto& notice : o.notices) std::cerr << "neural-style: " << notice << std::endl;
  // A write beyond a file size limit (ulimit -f) then fails with EFBIG,
  // which save_image reports, instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);

  std::vector<std::string> snapshots;
  try {
    // The device first: --device cuda where it cannot run is refused before
    // any image is read (DeviceUnavailable).
    describe_device(o.network.device, o.network.threads);
    LoadLimits limits;
    limits.max_pixels = o.max_pixels;
    limits.min_longest_side = o.job.size;  // 0: the content's own size, decoded in full
    const LoadedImage content = load_image(o.content_path, limits);
    // Each style image is read no larger than the job uses it, so a large
    // scan of a painting is not held at its own size through the job.
    const int style_longest = style_longest_side(content.image.width, content.image.height, o.job);
    limits.min_longest_side = limits.max_longest_side = style_longest;
    std::vector<StyleImage> styles;
    for (std::size_t i = 0; i < o.style_paths.size(); ++i) {
      LoadedImage style = load_image(o.style_paths[i], limits);
      if (!o.quiet && std::max(style.file_width, style.file_height) > style_longest) {
        std::cerr << "Style image " << o.style_paths[i] << ": " << style.file_width << " x " << style.file_height
                  << " px, read at " << style.image.width << " x " << style.image.height << " (--style-scale "
                  << o.job.style_scale << " times the result's longest side)." << std::endl;
      }
      styles.push_back({std::move(style.image), o.style_blend.empty() ? 1.0 : o.style_blend[i]});
    }
    limits.min_longest_side = o.job.size;
    limits.max_longest_side = 0;
    if (!o.init_image_path.empty()) o.job.init_image = load_image(o.init_image_path, limits).image;
    const int bit_depth = o.bit_depth ? o.bit_depth : (content.bit_depth >= 16 ? 16 : 8);

    validate_job(content.image, styles, o.job);  // before the slow weights load
    configure_process(o.network);
    Stylizer stylizer(o.network);
    if (!o.quiet) {
      std::cerr << "Weights: " << stylizer.weights_path() << " (" << to_string(stylizer.convention()) << " input)"
                << std::endl;
      std::cerr << device_line(stylizer.device_description(), o.network.device) << std::endl;
    }
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    ProgressBar bar(!o.quiet);
    int last_scale = 0;
    const Image result = stylizer.run(content.image, styles, o.job, [&](const Progress& p) {
      if (p.retiled > 0) {
        bar.finish();
        std::cerr << "Out of memory on the " << stylizer.device_description() << " at " << p.width << " x " << p.height
                  << ": going on in tiles of " << p.retiled
                  << " px, which is slower (--tile-memory sets the budget the tiles are planned for)." << std::endl;
        return interrupted == 0;
      }
      if (p.scale != last_scale) bar.finish();
      last_scale = p.scale;
      bar.update(p);
      if (p.image && o.save_every > 0) {
        const std::string path = snapshot_path(o.output_path, p.scale, p.iteration);
        save_image(*p.image, path, bit_depth);
        snapshots.push_back(path);
      }
      return interrupted == 0;
    });
    bar.finish();
    save_image(result, o.output_path, bit_depth);
    if (!o.quiet) std::cerr << "Wrote " << o.output_path << std::endl;
    return exit_ok;
  } catch (const Cancelled&) {
    return fail(exit_cancelled,
                snapshots.empty() ? "interrupted; nothing was written." : "interrupted." + left_behind(snapshots));
  } catch (const ImageTooLarge& e) {
    return fail(exit_image, std::string(e.what()) + " Scale it down first, or raise the limit with --max-megapixels." +
                                left_behind(snapshots));
  } catch (const ImageError& e) {
    return fail(exit_image, e.what() + left_behind(snapshots));
  } catch (const WeightsNotFound& e) {
    return fail(exit_weights, e.what() + std::string(" Or give a file with --weights.") + left_behind(snapshots));
  } catch (const WeightsError& e) {
    return fail(exit_weights, e.what() + left_behind(snapshots));
  } catch (const UnknownInputConvention& e) {
    return fail(exit_usage, e.what() +
                                std::string(" Say it with --convention torchvision (RGB 0-1, ImageNet mean/std) or "
                                            "--convention caffe (BGR 0-255, mean subtracted).") +
                                left_behind(snapshots));
  } catch (const OutOfMemory& e) {
    return fail(exit_out_of_memory,
                e.what() +
                    std::string(" Lower --tile-memory (now " +
                                (o.job.memory_budget_mb > 0 ? std::to_string(o.job.memory_budget_mb) + " MB"
                                                            : std::string("automatic")) +
                                ") so that the tiles fit in what is free.") +
                    left_behind(snapshots));
  } catch (const MemoryBudgetTooSmall& e) {
    return fail(exit_usage, e.what() + std::string(" Give --tile-memory " + std::to_string(e.needed_mb()) +
                                                   " or more, or a smaller --size."));
  } catch (const DeviceUnavailable& e) {
    return fail(exit_usage, e.what() + device_remedy(e));
  } catch (const InvalidArgument& e) {
    return fail(exit_usage, e.what() + left_behind(snapshots));
  } catch (const std::exception& e) {
    return fail(exit_failure, e.what() + left_behind(snapshots));
  }
}
