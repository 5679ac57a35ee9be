// neural-style: the command-line tool over the engine.
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli_options.h"
#include "image_io.h"
#include "neural_style/neural_style.h"
#include "progress_bar.h"

using namespace neural_style;
using namespace neural_style::cli;

namespace {

volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) {
  interrupted = 1;
}

std::string numbered_path(const std::string& path, int scale, int iteration) {
  const auto dot = path.rfind('.');
  const std::string stem = dot == std::string::npos ? path : path.substr(0, dot);
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot);
  return stem + "-s" + std::to_string(scale + 1) + "-" + std::to_string(iteration) + ext;
}

int fail(int code, const std::string& message) {
  std::cerr << "neural-style: " << message << std::endl;
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CliOptions o;
  try {
    o = parse_command_line(argc, argv);
  } catch (const UsageError& e) {
    return fail(exit_usage, e.what());
  }

  try {
    const LoadedImage content = load_image(o.content_path);
    std::vector<StyleImage> styles;
    for (std::size_t i = 0; i < o.style_paths.size(); ++i) {
      styles.push_back({load_image(o.style_paths[i]).image, o.style_blend.empty() ? 1.0 : o.style_blend[i]});
    }
    if (!o.init_image_path.empty()) o.job.init_image = load_image(o.init_image_path).image;
    const int bit_depth = o.bit_depth ? o.bit_depth : (content.bit_depth >= 16 ? 16 : 8);

    validate_job(content.image, styles, o.job);  // before the slow weights load
    Stylizer stylizer(o.network);
    if (!o.quiet) {
      std::cerr << "Weights: " << stylizer.weights_path() << " (" << to_string(stylizer.convention())
                << " input); running on " << stylizer.device_description() << std::endl;
    }
    std::signal(SIGINT, on_interrupt);
    ProgressBar bar(!o.quiet);
    int last_scale = 0;
    const Image result = stylizer.run(content.image, styles, o.job, [&](const Progress& p) {
      if (p.scale != last_scale) bar.finish();
      last_scale = p.scale;
      bar.update(p);
      if (p.image && o.save_every > 0)
        save_image(*p.image, numbered_path(o.output_path, p.scale, p.iteration), bit_depth);
      return interrupted == 0;
    });
    bar.finish();
    save_image(result, o.output_path, bit_depth);
    if (!o.quiet) std::cerr << "Wrote " << o.output_path << std::endl;
    return exit_ok;
  } catch (const Cancelled&) {
    return fail(exit_cancelled, "interrupted; nothing was written.");
  } catch (const ImageError& e) {
    return fail(exit_image, e.what());
  } catch (const WeightsError& e) {
    return fail(exit_weights, e.what());
  } catch (const OutOfMemory& e) {
    return fail(exit_out_of_memory, e.what());
  } catch (const InvalidArgument& e) {
    return fail(exit_usage, e.what());
  } catch (const std::exception& e) {
    return fail(exit_failure, e.what());
  }
}
