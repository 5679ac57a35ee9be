// validate_job() (neural_style/stylizer.h): a job's inputs and settings are
// checked before any work, so every mistake gets its own message instead of
// a LibTorch error deep inside.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "neural_style/errors.h"
#include "neural_style/multiscale.h"
#include "neural_style/stylizer.h"
#include "neural_style/tiling.h"
#include "objective.h"
#include "vgg19_layers.h"

namespace neural_style {
namespace {

constexpr int max_side = 16384;
// Beyond these a job is a typo, not a request: days of work, or an
// L-BFGS history larger than the image.
constexpr int max_iterations = 100000;
constexpr int max_lbfgs_history = 1000;
// Below this no tile of VGG19 fits; above it, a typo (1 TB).
constexpr int min_memory_budget_mb = 256;
constexpr int max_memory_budget_mb = 1 << 20;

// A value as a person writes it: 3, 0.5, nan (std::to_string gives 3.000000).
std::string number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

void check_image(const Image& image, const std::string& what) {
  if (image.width <= 0 || image.height <= 0) {
    throw InvalidArgument("The " + what + " is empty (" + std::to_string(image.width) + " x " +
                          std::to_string(image.height) + " pixels).");
  }
  if (image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
    throw InvalidArgument("The " + what + " has " + std::to_string(image.rgb.size()) + " values, but " +
                          std::to_string(image.width) + " x " + std::to_string(image.height) + " RGB pixels need " +
                          std::to_string(static_cast<std::size_t>(image.width) * image.height * 3) + ".");
  }
}

void check_weight(double w, const char* what) {
  if (!std::isfinite(w) || w < 0) {
    throw InvalidArgument(std::string("The ") + what + " must be a finite number >= 0 (got " + std::to_string(w) +
                          ").");
  }
}

}  // namespace

void validate_job(const Image& content, const std::vector<StyleImage>& styles, const Options& options) {
  check_image(content, "content image");
  if (styles.empty()) throw InvalidArgument("No style image given; give at least one.");
  double blend_sum = 0;
  for (std::size_t i = 0; i < styles.size(); ++i) {
    check_image(styles[i].image, "style image " + std::to_string(i + 1));
    check_weight(styles[i].blend_weight, "style blend weight");
    blend_sum += styles[i].blend_weight;
  }
  if (blend_sum <= 0) throw InvalidArgument("The style blend weights add up to 0; give at least one a weight > 0.");
  if (options.size < 0 || options.size > max_side) {
    throw InvalidArgument("The size must be between 1 and " + std::to_string(max_side) +
                          " pixels (or 0 for the content's own size); got " + std::to_string(options.size) + ".");
  }
  if (options.iterations < 0 || options.iterations > max_iterations) {
    throw InvalidArgument("The number of iterations must be between 0 and " + std::to_string(max_iterations) +
                          " (got " + std::to_string(options.iterations) + ").");
  }
  check_weight(options.content_weight, "content weight");
  check_weight(options.style_weight, "style weight");
  check_weight(options.tv_weight, "smoothness (TV) weight");
  check_weight(options.learning_rate, "learning rate");
  if (options.style_layers.empty()) throw InvalidArgument("No style layers given; name at least one (e.g. conv1_1).");
  for (const auto& l : options.style_layers) check_weight(l.weight, "style layer weight");
  const int deepest = deepest_layer(options);  // also validates every layer name
  if (options.lbfgs_history < 1 || options.lbfgs_history > max_lbfgs_history) {
    throw InvalidArgument("The L-BFGS history must be between 1 and " + std::to_string(max_lbfgs_history) + " (got " +
                          std::to_string(options.lbfgs_history) + ").");
  }
  if (!(options.style_scale > 0.0 && options.style_scale <= 8.0)) {
    throw InvalidArgument("The style scale must be in (0, 8] (got " + std::to_string(options.style_scale) + ").");
  }
  if (!(options.style_edge_trim >= 0.0 && options.style_edge_trim <= 0.25)) {
    throw InvalidArgument("The style edge trim must be between 0 and 0.25 of the style image's sides (got " +
                          std::to_string(options.style_edge_trim) + ").");
  }
  if (options.mirror_margin < 0 || options.mirror_margin > max_side) {
    throw InvalidArgument("The mirrored margin must be between 0 and " + std::to_string(max_side) + " px (got " +
                          std::to_string(options.mirror_margin) + ").");
  }
  if (options.init == InitKind::image) check_image(options.init_image, "initial image");
  if (options.multiscale.enabled) {
    if (!(options.multiscale.factor > 1.0 && options.multiscale.factor <= 4.0)) {
      throw InvalidArgument("The multiscale factor must be in (1, 4] (got " +
                            std::to_string(options.multiscale.factor) + ").");
    }
    if (options.multiscale.start_size < 16 || options.multiscale.start_size > max_side) {
      throw InvalidArgument("The multiscale start size must be between 16 and " + std::to_string(max_side) +
                            " px (got " + std::to_string(options.multiscale.start_size) + ").");
    }
    if (options.multiscale.detail_size < options.multiscale.start_size || options.multiscale.detail_size > max_side) {
      throw InvalidArgument("The detail size must be between the multiscale start size (" +
                            std::to_string(options.multiscale.start_size) + " px) and " + std::to_string(max_side) +
                            " px (got " + std::to_string(options.multiscale.detail_size) + ").");
    }
    if (options.multiscale.detail_iterations < 0 || options.multiscale.detail_iterations > max_iterations) {
      throw InvalidArgument("The iterations per detail stage must be between 0 and " + std::to_string(max_iterations) +
                            " (got " + std::to_string(options.multiscale.detail_iterations) + ").");
    }
    if (!(options.multiscale.detail_learning_rate > 0.0 && options.multiscale.detail_learning_rate <= 255.0)) {
      throw InvalidArgument("The detail stages' learning rate must be in (0, 255] levels per step (got " +
                            number(options.multiscale.detail_learning_rate) + "); the default is " +
                            number(MultiscaleOptions{}.detail_learning_rate) + ".");
    }
    if (!options.multiscale.detail_layer.empty()) {
      try {
        vgg19_layer_index(options.multiscale.detail_layer);
      } catch (const InvalidArgument& e) {
        throw InvalidArgument(std::string("The detail stages' deepest layer: ") + e.what());
      }
    }
    if (options.multiscale.coarse_iterations < 0 || options.multiscale.coarse_iterations > max_iterations) {
      throw InvalidArgument("The iterations per coarse scale must be between 0 and " + std::to_string(max_iterations) +
                            " (got " + std::to_string(options.multiscale.coarse_iterations) + ").");
    }
  }
  if (options.progress_image_every < 0) throw InvalidArgument("progress_image_every must be >= 0.");
  if (options.memory_budget_mb != 0 &&
      (options.memory_budget_mb < min_memory_budget_mb || options.memory_budget_mb > max_memory_budget_mb)) {
    throw InvalidArgument("The memory budget must be 0 (automatic) or between " + std::to_string(min_memory_budget_mb) +
                          " and " + std::to_string(max_memory_budget_mb) + " MB (got " +
                          std::to_string(options.memory_budget_mb) + ").");
  }
  if (options.tile_size < 0) {
    throw InvalidArgument("The tile size must be >= 0 (0: from the memory budget); got " +
                          std::to_string(options.tile_size) + ".");
  }

  const auto [working_width, working_height] = working_size(content.width, content.height, options.size);
  const int shortest = std::min(working_width, working_height);
  const std::string& deepest_name = vgg19_conv_layers()[deepest].name;
  if (shortest < minimum_side_for_layer(deepest)) {
    throw InvalidArgument("The result would be " + std::to_string(shortest) + " px on its short side; layer " +
                          deepest_name + " needs at least " + std::to_string(minimum_side_for_layer(deepest)) +
                          " px. Use a larger size.");
  }
  // Every scale within the memory budget, before any work.
  plan_job({content.width, content.height}, style_sizes(styles), options);
}

}  // namespace neural_style
