// Copies of values from the device to the host, per iteration: each one
// makes the host wait for the GPU to finish everything queued. Counted on
// the CPU, where the same calls are made: the engine's own copies
// (test_hooks::host_copies) and every .item() anywhere, LibTorch's
// optimisers included (aten::_local_scalar_dense, seen through LibTorch's
// RecordFunction observers). docs/benchmarks.md says what each costs.
#include <ATen/record_function.h>
#include <gtest/gtest.h>
#include <torch/optim/lbfgs.h>

#include <atomic>
#include <cstring>

#include "lbfgs.h"
#include "neural_style/neural_style.h"
#include "support/test_images.h"
#include "support/test_weights.h"
#include "test_hooks.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

std::atomic<std::uint64_t> items{0};

std::unique_ptr<at::ObserverContext> count_items(const at::RecordFunction& fn) {
  if (std::strcmp(fn.name(), "aten::_local_scalar_dense") == 0) ++items;
  return nullptr;
}

// Host copies made by one run.
std::uint64_t syncs_of(const Options& options, bool with_progress) {
  const Image content = make_content_image(64, 48);
  const std::vector<StyleImage> styles = {{make_style_image(48, 48), 1.0}};
  Stylizer& stylizer = generated_weights_stylizer();
  const auto handle = at::addGlobalCallback(at::RecordFunctionCallback(&count_items));
  items = 0;
  test_hooks::host_copies = 0;
  if (with_progress) {
    stylizer.run(content, styles, options, [](const Progress&) { return true; });
  } else {
    stylizer.run(content, styles, options);
  }
  at::removeCallback(handle);
  return items + test_hooks::host_copies;
}

// The copies each further iteration adds: two runs that differ only in
// their iterations, so the run's fixed copies (the result) cancel out.
double per_iteration(Options options, bool with_progress, int iterations = 6) {
  options.iterations = iterations;
  const auto fewer = syncs_of(options, with_progress);
  options.iterations = 2 * iterations;
  const auto more = syncs_of(options, with_progress);
  std::printf("%s, %s: %llu copies in %d iterations, %llu in %d\n",
              options.optimizer == OptimizerKind::adam ? "Adam" : "L-BFGS",
              with_progress ? "with progress" : "without progress", static_cast<unsigned long long>(fewer), iterations,
              static_cast<unsigned long long>(more), 2 * iterations);
  return (static_cast<double>(more) - static_cast<double>(fewer)) / iterations;
}

Options job(OptimizerKind optimizer) {
  Options o;
  o.size = 0;
  o.optimizer = optimizer;
  o.mirror_margin = 0;  // the copies do not depend on it, the time does (2.5x)
  return o;
}

}  // namespace

TEST(HostSyncs, TheObserverSeesItemCalls) {
  const auto handle = at::addGlobalCallback(at::RecordFunctionCallback(&count_items));
  items = 0;
  const double v = torch::ones({3}).sum().item<double>();
  at::removeCallback(handle);
  EXPECT_EQ(v, 3.0);
  EXPECT_EQ(items.load(), 1u);
}

// Nobody reads the losses: none is copied, but every 25th iteration's and
// the last (a loss that is no longer finite stops the run).
TEST(HostSyncs, AdamWithoutProgressCopiesNothingPerIteration) {
  EXPECT_EQ(per_iteration(job(OptimizerKind::adam), false), 0.0);
}

// The progress callback gets the losses: one copy of the four terms.
TEST(HostSyncs, AdamWithProgressCopiesTheLossesOncePerIteration) {
  EXPECT_EQ(per_iteration(job(OptimizerKind::adam), true), 1.0);
}

// In tiles, the callback before each tile copies nothing.
TEST(HostSyncs, TiledAdamWithProgressCopiesTheLossesOncePerIteration) {
  Options o = job(OptimizerKind::adam);
  o.tile_size = 32;
  o.content_layer = "conv3_1";
  o.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 1.0}, {"conv3_1", 1.0}};
  EXPECT_EQ(per_iteration(o, true, 3), 1.0);
  EXPECT_EQ(per_iteration(o, false, 3), 0.0);
}

// The engine's L-BFGS decides on the device (lbfgs.h): LibTorch's read 21
// values per iteration here after 6 iterations, 2 more for each pair of
// its history.
TEST(HostSyncs, LbfgsCopiesNothingPerIteration) {
  EXPECT_EQ(per_iteration(job(OptimizerKind::lbfgs), false), 0.0);
  EXPECT_EQ(per_iteration(job(OptimizerKind::lbfgs), true), 1.0);
}

namespace {

// A smooth, non-quadratic function of 40 values with its gradient.
torch::Tensor objective_of(const torch::Tensor& x) {
  const auto i = torch::arange(40, x.options());
  return ((x - i.sin()).pow(2) * (1 + i / 10)).sum() + x.pow(4).sum() * 0.05 +
         (x.narrow(0, 1, 39) * x.narrow(0, 0, 39)).sum() * 0.3;
}

void fill_gradient(torch::Tensor& x) {
  torch::AutoGradMode grad(true);
  const auto v = x.detach().requires_grad_(true);
  objective_of(v).backward();
  x.mutable_grad() = v.grad();
}

}  // namespace

// While LibTorch's takes every pair, the device-side one computes the same
// iterates to rounding, history full and rolling; then both converge.
TEST(Lbfgs, FollowsLibTorchsIterates) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  torch::Tensor a = torch::zeros({40}, options).requires_grad_(true);
  torch::Tensor b = torch::zeros({40}, options).requires_grad_(true);
  torch::optim::LBFGS reference(
      {a}, torch::optim::LBFGSOptions(0.8).max_iter(1).history_size(5).tolerance_grad(0.0).tolerance_change(0.0));
  Lbfgs ours(b, 0.8, 5);
  const double start = objective_of(a.detach()).item<double>();
  for (int it = 0; it < 30; ++it) {
    reference.step([&] {
      torch::NoGradGuard no_grad;
      fill_gradient(a);
      return objective_of(a.detach());
    });
    ours.step([&] { fill_gradient(b); });
    const double apart = (a - b).abs().max().item<double>();
    // Near the minimum y·s falls below 1e-10 (here from iteration 18):
    // LibTorch leaves the pair out, this one keeps it with no weight, so
    // the histories roll differently while both converge.
    if (it < 15) {
      ASSERT_LT(apart, 1e-12) << "iteration " << it + 1;
    }
  }
  EXPECT_LT((a - b).abs().max().item<double>(), 1e-7);
  EXPECT_LT(objective_of(b.detach()).item<double>(), start * 0.5) << "it optimises";
}

// A direction that does not descend is not followed (LibTorch stops the
// step there), and a zero gradient moves nothing.
TEST(Lbfgs, AZeroGradientLeavesThePixels) {
  torch::Tensor x = torch::full({10}, 3.0, torch::kFloat64).requires_grad_(true);
  Lbfgs lbfgs(x, 1.0, 5);
  for (int it = 0; it < 3; ++it) {
    lbfgs.step([&] { x.mutable_grad() = torch::zeros_like(x); });
  }
  EXPECT_TRUE(torch::equal(x.detach(), torch::full({10}, 3.0, torch::kFloat64)));
}
