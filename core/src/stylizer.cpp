#include "neural_style/stylizer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>

#include <cmath>
#include <new>

#include "color.h"
#include "cpu_block_cache.h"
#include "device.h"
#include "feature_calibration.h"
#include "image_adam.h"
#include "lbfgs.h"
#include "neural_style/multiscale.h"
#include "neural_style/style_size.h"
#include "neural_style/tiling.h"
#include "objective.h"
#include "tensor_image.h"
#include "test_hooks.h"
#include "vgg19.h"
#include "weights_loader.h"

namespace neural_style {
namespace {

// Everything a job needs at one size: its objective and, for keep-colours,
// the content's chroma to put back.
struct ScaleSetup {
  std::unique_ptr<Objective> objective;
  ScalePlan plan;
  torch::Tensor content;  // what the image is initialised from: RGB levels, or luminance; then released
  torch::Tensor chroma;   // (1, 2, H, W) U and V of the content; only with keep_colors
};

std::vector<double> normalised_blend(const std::vector<StyleImage>& styles) {
  double sum = 0;
  for (const auto& s : styles) sum += s.blend_weight;
  std::vector<double> b;
  for (const auto& s : styles) b.push_back(s.blend_weight / sum);
  return b;
}

// The candidate image as RGB levels: with keep_colors it is a luminance
// plane that gets the content's chroma back.
torch::Tensor compose_rgb(const torch::Tensor& x, const ScaleSetup& setup) {
  if (!setup.chroma.defined()) return x;
  return yuv_to_rgb(torch::cat({x.clamp(0.0, 255.0), setup.chroma}, 1));
}

// The four terms in one copy to the host (one device sync, not four).
Losses to_losses(const LossTerms& t) {
  ++test_hooks::host_copies;
  const auto v = torch::stack({t.content, t.style, t.tv, t.total}).to(torch::kCPU, torch::kFloat64);
  const double* d = v.data_ptr<double>();
  return {d[0], d[1], d[2], d[3]};
}

bool is_out_of_memory(const std::string& message) {
  return message.find("out of memory") != std::string::npos ||
         message.find("can't allocate memory") != std::string::npos ||
         message.find("not enough memory") != std::string::npos ||
         message.find("STATUS_ALLOC_FAILED") != std::string::npos;
}

// A GPU's memory ran out: CUDA's caching allocator throws "CUDA out of
// memory. Tried to allocate ..." (a c10::OutOfMemoryError), cuBLAS fails to
// allocate its workspace. Smaller tiles are tried then. The host's running
// out (std::bad_alloc, the CPU allocator's error, whatever its type) is not
// retried: the CPU's budget is the user's, and with Linux's overcommit a
// retry would meet the OOM killer rather than an error.
bool is_device_out_of_memory(const std::exception& e) {
  const auto* c10 = dynamic_cast<const c10::Error*>(&e);
  if (!c10) return false;
  const std::string message = c10->what_without_backtrace();
  return message.find("CUDA out of memory") != std::string::npos ||
         message.find("CUBLAS_STATUS_ALLOC_FAILED") != std::string::npos;
}

// Without a progress callback nobody reads the losses: they are copied to
// the host (a device synchronisation) only this often, to stop a run whose
// loss is no longer finite.
constexpr int finite_check_every = 25;

}  // namespace

struct Stylizer::Impl {
  Vgg19 net;
  InputConvention convention = InputConvention::torchvision;
  std::string path;
  torch::Device device{torch::kCPU};
  // Images, losses and gradients: float32, or float64 with that precision.
  torch::Dtype values = torch::kFloat32;

  torch::Tensor to_values(const Image& image) const { return image_to_tensor(image).to(device, values); }
  // The content photo and paintings every scale is resized from, in
  // [0, 1]: on the CPU in float32 the caller's own pixels, not copies (12
  // bytes a pixel that no memory plan counted: 415 MB for a 36 MP photo).
  torch::Tensor photo_values(const Image& image) const { return image_view(image).to(device, values); }

  // A style image as photo_values(), no larger than the job uses it at any
  // scale (fit_style_image(), which a host may have done already: the same
  // averaging, so the same result).
  std::vector<torch::Tensor> style_values(const std::vector<StyleImage>& styles, int content_width, int content_height,
                                          const Options& options) const {
    torch::NoGradGuard no_grad;
    const int longest = style_longest_side(content_width, content_height, options);
    std::vector<torch::Tensor> result;
    for (const auto& s : styles) {
      if (std::max(s.image.width, s.image.height) <= longest) {
        result.push_back(photo_values(s.image));
        continue;
      }
      // Shrunk where the pixels are, before any copy to the device, by the
      // very function a host fits it with: the same bits, so the same
      // result (an optimiser turns a last-bit difference into a different
      // step: measured with LibTorch 2.6, 58 levels apart after 9 Adam steps).
      // shrink_image() reads the caller's pixels in place (fit_style_image()
      // would first copy the whole painting).
      const auto [w, h] = fitted_style_size(s.image.width, s.image.height, longest);
      const Image fitted = shrink_image(s.image, w, h);
      result.push_back(image_view(fitted).to(device, values, /*non_blocking=*/false, /*copy=*/true));
    }
    return result;
  }

  // The content at width x height as a job optimises it, from the photo
  // (photo_values()): RGB levels, or with keep-colours its luminance, and
  // then in `chroma` the colour to put back.
  static torch::Tensor content_at(const torch::Tensor& content_full, int width, int height, const Options& options,
                                  torch::Tensor* chroma = nullptr) {
    torch::NoGradGuard no_grad;
    // To levels, in the layout image_to_tensor() gives.
    torch::Tensor content = torch::empty({1, 3, height, width}, content_full.options());
    content.copy_(resize(content_full, height, width)).mul_(255.0);
    if (!options.keep_colors) return content;
    const auto yuv = rgb_to_yuv(content);
    if (chroma) *chroma = yuv.narrow(1, 1, 2);
    return yuv.narrow(1, 0, 1).contiguous();
  }

  ScaleSetup setup(const torch::Tensor& content_full, const std::vector<torch::Tensor>& styles_full,
                   const std::vector<double>& blend, int width, int height, const Options& options, int min_side) {
    ScaleSetup s;
    s.plan = plan_scale(width, height, options);
    torch::NoGradGuard no_grad;
    const torch::Tensor content = content_at(content_full, width, height, options, &s.chroma);
    std::vector<torch::Tensor> styles;
    for (std::size_t i = 0; i < styles_full.size(); ++i) {
      const auto& full = styles_full[i];
      const auto [sw, sh] =
          style_size_at_scale(width, height, static_cast<int>(full.size(3)), static_cast<int>(full.size(2)), options);
      // Its edges are left out: scans and photos of paintings often have a
      // strip of frame, board or wall there, which the result would copy.
      const int trim_x = static_cast<int>(sw * options.style_edge_trim);
      const int trim_y = static_cast<int>(sh * options.style_edge_trim);
      if (std::min(sw - 2 * trim_x, sh - 2 * trim_y) < min_side) {
        throw InvalidArgument("Style image " + std::to_string(i + 1) + " would be only " +
                              std::to_string(sw - 2 * trim_x) + " x " + std::to_string(sh - 2 * trim_y) +
                              " px at this style scale; the layers used need at least " + std::to_string(min_side) +
                              " px. Use a larger style scale or size.");
      }
      styles.push_back(resize(full, sh, sw)
                           .narrow(2, trim_y, sh - 2 * trim_y)
                           .narrow(3, trim_x, sw - 2 * trim_x)
                           .mul(255.0)
                           .contiguous());
    }
    if (options.keep_colors) {
      for (auto& st : styles) st = match_luminance(luminance(st), content);
    }
    s.content = content;
    s.objective =
        std::make_unique<Objective>(net, convention, options, content, styles, blend, s.plan.grid.tile,
                                    s.plan.content_recomputed ? ContentTarget::recomputed : ContentTarget::kept);
    return s;
  }

  // `init`: the caller's Options::init_image, read where it is.
  torch::Tensor initial_image(const Options& options, const Image& init, const ScaleSetup& setup) const {
    return initial_image(options, init, setup.content, setup.chroma.defined());
  }
  // `c`: the content as optimised (content_at()); `luminance_only` with keep-colours.
  torch::Tensor initial_image(const Options& options, const Image& init, const torch::Tensor& c,
                              bool luminance_only) const {
    switch (options.init) {
      case InitKind::content: return c.clone();
      case InitKind::noise: {
        // Generated on the CPU so a seed gives the same start on any device.
        auto gen = at::make_generator<at::CPUGeneratorImpl>(options.seed);
        auto noise = torch::randn(c.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat32));
        return noise.mul_(32.0).add_(127.5).to(device, values);
      }
      case InitKind::image: {
        auto img = resize(to_values(init), c.size(2), c.size(3));
        return luminance_only ? luminance(img) : img;
      }
    }
    return c.clone();
  }

  Image run(const Image& content_image, const std::vector<StyleImage>& style_images, const Options& job,
            const ProgressCallback& progress) {
    validate_job(content_image, style_images, job);
    Options options = job;
    // The init image is read where the caller holds it (initial_image()):
    // copies in this and every scale's options would be 12 bytes a pixel
    // of it each, which no budget counts.
    options.init_image = Image();
    if (options.memory_budget_mb == 0) {
      // The CPU's leaves room for the caller's pixels; a GPU's is its own memory.
      options.memory_budget_mb = device.is_cpu() ? automatic_cpu_budget_mb({content_image.width, content_image.height},
                                                                           style_sizes(style_images), job)
                                                 : automatic_memory_budget_mb(device);
    }
    // The CPU's tensors stay within the budget (cpu_block_cache.h), and what
    // the job cached goes back to the system when it ends, however it ends.
    if (device.is_cpu()) set_cpu_block_cache_limit(static_cast<std::uint64_t>(options.memory_budget_mb) << 20);
    struct ReleaseCache {
      torch::Device device;
      ~ReleaseCache() {
        release_cached_memory(device);
        if (device.is_cpu()) set_cpu_block_cache_limit(0);
      }
    } release_at_end{device};
    const int min_side = minimum_side_for_layer(deepest_layer(options));
    torch::Tensor content_full = photo_values(content_image);
    const std::vector<torch::Tensor> styles_full =
        style_values(style_images, content_image.width, content_image.height, options);
    const auto blend = normalised_blend(style_images);
    auto [width, height] = working_size(content_image.width, content_image.height, options.size);
    const auto scales = multiscale_schedule(width, height, options, min_side);

    torch::Tensor x;
    ScaleSetup setup;
    for (std::size_t si = 0; si < scales.size(); ++si) {
      const Scale& scale = scales[si];
      // A copy of the photo (on a GPU, in float64) is not needed after the
      // last scale's start image.
      const bool last = si + 1 == scales.size();
      const auto release_content = [&] {
        setup.content = torch::Tensor();
        if (last) content_full = torch::Tensor();
      };
      // Its tiles get smaller when a pass runs out of device memory: the
      // caching allocator is emptied, the scale's objective made again with
      // tiles of half the side, and the user told. The error goes on once
      // the tiles are the smallest.
      // A detail stage stops at a shallower layer (detail_stage_options()).
      Options scale_options = neural_style::scale_options(options, scale);
      const int deepest = deepest_layer(scale_options);
      const auto retile = [&](const ScalePlan& failed, int iteration) {
        const int tile = smaller_tile(failed.grid, deepest);
        if (tile == 0) return false;
        setup.objective.reset();
        release_cached_memory(device);
        scale_options.tile_size = tile;
        if (progress) {
          Progress q;
          q.scale = static_cast<int>(si);
          q.scale_count = static_cast<int>(scales.size());
          q.iteration = iteration;
          q.iterations = scale.iterations;
          q.width = scale.width;
          q.height = scale.height;
          q.fraction = work_fraction(scales, static_cast<int>(si), std::max(0, iteration - 1));
          q.retiled = tile;
          if (!progress(q)) throw Cancelled("Stopped at the user's request.");
        }
        return true;
      };
      const auto build = [&](int iteration) {
        // Made again for a retiled last scale.
        if (!content_full.defined()) content_full = photo_values(content_image);
        for (;;) {
          try {
            setup = this->setup(content_full, styles_full, blend, scale.width, scale.height, scale_options, min_side);
            return;
          } catch (const std::exception& e) {
            if (!is_device_out_of_memory(e) ||
                !retile(plan_scale(scale.width, scale.height, scale_options), iteration)) {
              throw;
            }
          }
        }
      };
      // The previous scale's freed blocks have other sizes, and so have
      // those of the setup's passes over the style images.
      if (device.is_cpu()) release_cpu_block_cache();
      build(0);
      if (device.is_cpu()) release_cpu_block_cache();
      {
        torch::NoGradGuard no_grad;
        if (si == 0 || options.init == InitKind::noise) {
          x = si == 0 ? initial_image(options, job.init_image, setup) : resize(x.detach(), scale.height, scale.width);
        } else {
          // Carry up what the coarser scale changed, not its blurred pixels:
          // the finer start image keeps its own detail, which an upsampled
          // result has lost and L-BFGS is slow to put back. The coarser
          // start is made again here rather than kept through the scale.
          const Scale& coarser = scales[si - 1];
          const torch::Tensor coarse_start =
              initial_image(options, job.init_image, content_at(content_full, coarser.width, coarser.height, options),
                            options.keep_colors);
          x = initial_image(options, job.init_image, setup) +
              resize(x.detach() - coarse_start, scale.height, scale.width);
          x.clamp_(0.0, 255.0);
        }
        // Nothing reads the content at this size again (nor, after the
        // last scale's start, the photo): its memory goes to tiles.
        release_content();
      }
      // L-BFGS views the gradient flat: the image must be contiguous.
      x = x.contiguous().requires_grad_(true);
      const auto shrink = [&](int iteration) {
        if (!retile(setup.plan, iteration)) return false;
        build(iteration);
        release_content();
        return true;
      };
      optimise(x, setup, shrink, scales, static_cast<int>(si), scale_options, progress);
    }
    torch::NoGradGuard no_grad;
    setup.objective.reset();  // its targets, before the result's copies are made
    // The result's pixels are the system's memory, not the block cache's:
    // what the cache keeps goes back first, or both would be held at once.
    if (device.is_cpu()) release_cpu_block_cache();
    return tensor_to_image(compose_rgb(x, setup));
  }

  // `shrink(iteration)` makes `setup` again with smaller tiles after a pass
  // ran out of memory; false when they are the smallest.
  void optimise(torch::Tensor& x, ScaleSetup& setup, const std::function<bool(int)>& shrink,
                const std::vector<Scale>& scales, int scale_index, const Options& options,
                const ProgressCallback& progress) {
    const Scale& scale = scales[static_cast<std::size_t>(scale_index)];
    if (scale.iterations == 0) return;
    Progress p;
    p.scale = scale_index;
    p.scale_count = static_cast<int>(scales.size());
    p.iterations = scale.iterations;
    p.width = scale.width;
    p.height = scale.height;

    // A scale in tiles, or whole where L-BFGS's history would not fit the
    // budget, takes Adam (image Adam if the scale's optimiser is that): its
    // state is two values per pixel (image Adam's one), where L-BFGS's
    // history takes twice its length (docs/full-resolution.md).
    bool lbfgs = false;
    std::unique_ptr<Lbfgs> lbfgs_optimizer;
    std::unique_ptr<torch::optim::Adam> adam_optimizer;
    std::unique_ptr<ImageAdam> image_adam_optimizer;
    const auto make_optimizer = [&] {
      lbfgs = options.optimizer == OptimizerKind::lbfgs && !setup.plan.adam;
      if (lbfgs) {
        // One iteration per step() so that progress and cancel act between
        // iterations; the optimiser's state carries the history across steps.
        lbfgs_optimizer =
            std::make_unique<Lbfgs>(x, options.learning_rate > 0 ? options.learning_rate : 1.0, options.lbfgs_history);
      } else if (options.optimizer == OptimizerKind::image_adam) {
        lbfgs_optimizer.reset();
        image_adam_optimizer = std::make_unique<ImageAdam>(x, options.learning_rate > 0 ? options.learning_rate : 10.0);
      } else {
        lbfgs_optimizer.reset();
        adam_optimizer = std::make_unique<torch::optim::Adam>(
            std::vector<torch::Tensor>{x},
            torch::optim::AdamOptions(options.learning_rate > 0 ? options.learning_rate : 10.0));
      }
    };
    make_optimizer();
    // Between the tiles of an iteration, progress and cancel act too.
    TileCallback before_tile;
    if (progress) {
      before_tile = [&](int step, int steps) {
        Progress q = p;
        q.tile = step + 1;
        q.tiles = steps;
        const double begun = work_fraction(scales, scale_index, p.iteration - 1);
        q.fraction = begun + (work_fraction(scales, scale_index, p.iteration) - begun) * step / steps;
        if (!progress(q)) throw Cancelled("Stopped at the user's request.");
      };
    }
    torch::Tensor gradient = torch::zeros_like(x);
    x.mutable_grad() = gradient;  // where the optimiser reads it
    LossTerms last;
    // The previous iteration's Grams only when asked for (TileGrams): one
    // pass an iteration instead of two, but a worse result (docs).
    const GramSource grams = options.tile_grams == TileGrams::previous ? GramSource::previous : GramSource::current;
    auto closure = [&] { last = setup.objective->evaluate(x.detach(), &gradient, before_tile, grams); };
    for (int it = 1; it <= scale.iterations; ++it) {
      p.iteration = it;
      for (;;) {
        try {
          if (lbfgs) {
            lbfgs_optimizer->step(closure);
          } else {
            closure();
            if (image_adam_optimizer) {
              image_adam_optimizer->step(gradient);
            } else {
              adam_optimizer->step();
            }
          }
          break;
        } catch (const std::exception& e) {
          // A pass that runs out of memory leaves the image as it was (the
          // step comes after the whole gradient): the iteration is done
          // again in smaller tiles. A scale that becomes tiled goes on with
          // Adam, as a tiled scale always does.
          if (!is_device_out_of_memory(e) || !shrink(it)) throw;
          if (lbfgs && setup.plan.adam) make_optimizer();
        }
      }
      {
        // Keep the image displayable: otherwise the optimiser reaches lower
        // losses with pixels outside 0-255 that are lost when the result is
        // saved (docs/losses.md has the measurements).
        torch::NoGradGuard no_grad;
        x.clamp_(0.0, 255.0);
      }
      p.fraction = work_fraction(scales, scale_index, it);
      if (!progress && it % finite_check_every != 0 && it != scale.iterations) continue;
      p.losses = to_losses(last);
      if (!std::isfinite(p.losses.total)) {
        throw NumericalError("The loss became " + std::string(std::isnan(p.losses.total) ? "NaN" : "infinite") +
                             " at iteration " + std::to_string(it) +
                             ". Lower the style weight or the learning rate, or use L-BFGS.");
      }
      if (progress) {
        Image snapshot;
        if (options.progress_image_every > 0 && (it % options.progress_image_every == 0 || it == scale.iterations)) {
          torch::NoGradGuard no_grad;
          snapshot = tensor_to_image(compose_rgb(x, setup));
          p.image = &snapshot;
        }
        const bool go_on = progress(p);
        p.image = nullptr;
        if (!go_on) throw Cancelled("Stopped at the user's request.");
      }
    }
    x.mutable_grad() = torch::Tensor();
  }

  Losses evaluate(const Image& content, const std::vector<StyleImage>& styles, const Image& result,
                  const Options& options) {
    Options at_result_size = options;
    at_result_size.size = std::max(result.width, result.height);
    validate_job(content, styles, at_result_size);
    const int min_side = minimum_side_for_layer(deepest_layer(options));
    const std::vector<torch::Tensor> styles_full = style_values(styles, result.width, result.height, at_result_size);
    ScaleSetup setup = this->setup(photo_values(content), styles_full, normalised_blend(styles), result.width,
                                   result.height, options, min_side);
    torch::NoGradGuard no_grad;
    torch::Tensor x = to_values(result);
    if (options.keep_colors) x = luminance(x);
    return to_losses(setup.objective->evaluate(x));
  }
};

namespace {

// Turns LibTorch's and the C++ runtime's failures into the engine's typed
// errors; the engine's own errors pass through.
template <typename F>
auto translate_errors(const std::string& device, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw OutOfMemory("Out of memory on the " + device + ". Use a smaller size" +
                      std::string(device.rfind("GPU", 0) == 0 ? " or the CPU." : "."));
  } catch (const c10::Error& e) {
    const std::string msg = e.what_without_backtrace();
    if (is_out_of_memory(msg)) {
      throw OutOfMemory("Out of memory on the " + device + ". Use a smaller size" +
                        std::string(device.rfind("GPU", 0) == 0 ? " or the CPU." : "."));
    }
    throw Error("LibTorch failed: " + msg);
  }
}

}  // namespace

void configure_process(const NetworkOptions& options) {
  configure_cpu_threads(options.threads);
  if (select_device(options.device).is_cuda()) {
    configure_cuda_math(options.allow_tf32, options.cudnn_benchmark);
  } else {
    install_cpu_block_cache();
  }
}

Stylizer::Stylizer(const NetworkOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->device = select_device(options.device);
  impl_->path = find_weights(options.weights_path);
  translate_errors(describe_device(impl_->device), [&] {
    Vgg19Weights weights = load_vgg19_weights(impl_->path, options.convention);
    impl_->convention = weights.convention;
    impl_->net.load(weights);
    calibrate_feature_scales(impl_->net, weights.convention);
    impl_->net.to(impl_->device);
    impl_->net.set_layout(dtype_of(options.precision, impl_->device), options.channels_last);
    if (options.precision == Precision::float64) impl_->values = torch::kFloat64;
    return 0;
  });
}

Stylizer::~Stylizer() = default;

Image Stylizer::run(const Image& content, const std::vector<StyleImage>& styles, const Options& options,
                    const ProgressCallback& progress) {
  return translate_errors(device_description(), [&] { return impl_->run(content, styles, options, progress); });
}

Losses Stylizer::evaluate(const Image& content, const std::vector<StyleImage>& styles, const Image& result,
                          const Options& options) {
  return translate_errors(device_description(), [&] { return impl_->evaluate(content, styles, result, options); });
}

std::string Stylizer::weights_path() const {
  return impl_->path;
}
InputConvention Stylizer::convention() const {
  return impl_->convention;
}
std::string Stylizer::device_description() const {
  return describe_device(impl_->device);
}

std::string describe_device(DeviceKind kind, int threads) {
  return describe_device(select_device(kind), threads);
}

const char* to_string(InputConvention c) {
  switch (c) {
    case InputConvention::automatic: return "automatic";
    case InputConvention::torchvision: return "torchvision";
    case InputConvention::caffe: return "caffe";
  }
  return "?";
}

}  // namespace neural_style
