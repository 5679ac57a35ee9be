// Each loss against its formula written out with loops, and the gradient of
// the whole objective against finite differences in double precision.
#include <gtest/gtest.h>

#include <cmath>

#include "losses.h"
#include "objective.h"
#include "support/test_weights.h"
#include "vgg19.h"
#include "weights_loader.h"

using namespace neural_style;

namespace {

torch::Tensor random_features(std::int64_t c, std::int64_t h, std::int64_t w, int seed) {
  torch::manual_seed(seed);
  return torch::rand({1, c, h, w}, torch::kFloat64);
}

}  // namespace

TEST(Losses, GramMatrixIsFFTransposed) {
  const auto f = random_features(3, 4, 5, 1);
  const auto g = gram_matrix(f);
  ASSERT_EQ(g.sizes(), (std::vector<std::int64_t>{3, 3}));
  auto a = f.accessor<double, 4>();
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      double sum = 0;
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x) sum += a[0][i][y][x] * a[0][j][y][x];
      EXPECT_NEAR(g[i][j].item<double>(), sum, 1e-12);
    }
  }
}

TEST(Losses, ContentLossIsMeanSquaredError) {
  const auto f = random_features(4, 3, 2, 2), p = random_features(4, 3, 2, 3);
  double sum = 0;
  auto a = f.accessor<double, 4>(), b = p.accessor<double, 4>();
  for (int c = 0; c < 4; ++c)
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 2; ++x) sum += std::pow(a[0][c][y][x] - b[0][c][y][x], 2);
  EXPECT_NEAR(content_loss(f, p).item<double>(), sum / (4 * 3 * 2), 1e-12);
}

TEST(Losses, StyleLayerLossIsGatysFormula) {
  // E = 1/(4 N² M²) Σ (G − A)², G and A of the same size M.
  const std::int64_t n = 3, h = 4, w = 2, m = h * w;
  const auto f = random_features(n, h, w, 4), s = random_features(n, h, w, 5);
  const auto g = gram_matrix(f), a = gram_matrix(s);
  double sum = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) sum += std::pow(g[i][j].item<double>() - a[i][j].item<double>(), 2);
  const double expected = sum / (4.0 * n * n * m * m);
  EXPECT_NEAR(style_layer_loss(f, a / static_cast<double>(m)).item<double>(), expected, 1e-12 * expected + 1e-15);
}

TEST(Losses, TotalVariationBothKinds) {
  const auto img = random_features(2, 4, 5, 6) * 255.0;
  auto a = img.accessor<double, 4>();
  double iso = 0, sq = 0;
  for (int c = 0; c < 2; ++c) {
    for (int i = 0; i + 1 < 4; ++i) {
      for (int j = 0; j + 1 < 5; ++j) {
        const double dy = a[0][c][i + 1][j] - a[0][c][i][j];
        const double dx = a[0][c][i][j + 1] - a[0][c][i][j];
        iso += std::sqrt(dx * dx + dy * dy + tv_epsilon);
        sq += dx * dx + dy * dy;
      }
    }
  }
  EXPECT_NEAR(tv_loss(img, TvKind::isotropic).item<double>(), iso, 1e-9 * iso);
  EXPECT_NEAR(tv_loss(img, TvKind::squared).item<double>(), sq, 1e-9 * sq);
  // A flat image has no variation but the epsilon floor.
  const auto flat = torch::full({1, 1, 3, 3}, 7.0, torch::kFloat64);
  EXPECT_NEAR(tv_loss(flat, TvKind::squared).item<double>(), 0.0, 1e-15);
  EXPECT_NEAR(tv_loss(flat, TvKind::isotropic).item<double>(), 4 * std::sqrt(tv_epsilon), 1e-12);
}

TEST(Losses, GradientOfTotalLossMatchesFiniteDifferences) {
  test_support::TempDir dir;
  const std::string path = dir.file("w.safetensors");
  test_support::write_safetensors(path, test_support::make_vgg19_tensors(7), test_support::SafetensorsDtype::f32);
  Vgg19 net;
  net.load(load_vgg19_weights(path, InputConvention::caffe));
  net.to(torch::kFloat64);

  Options options;
  options.style_weight = 1e-3;
  options.tv_weight = 1e-2;
  torch::manual_seed(11);
  const auto content = torch::rand({1, 3, 16, 16}, torch::kFloat64) * 255;
  const auto style = torch::rand({1, 3, 16, 16}, torch::kFloat64) * 255;
  Objective objective(net, InputConvention::caffe, options, content, {style}, {1.0});

  const auto x = (content + torch::randn_like(content) * 20).detach();
  auto grad = torch::zeros_like(x);
  auto terms = objective.evaluate(x, &grad);
  ASSERT_GT(terms.content.item<double>(), 0);
  ASSERT_GT(terms.style.item<double>(), 0);

  torch::NoGradGuard no_grad;
  const double h = 1e-4;
  int checked = 0;
  for (int index : {0, 17, 100, 255, 300, 511, 700}) {
    auto plus = x.detach().clone(), minus = x.detach().clone();
    plus.view({-1})[index] += h;
    minus.view({-1})[index] -= h;
    const double numeric =
        (objective.evaluate(plus).total.item<double>() - objective.evaluate(minus).total.item<double>()) / (2 * h);
    const double analytic = grad.view({-1})[index].item<double>();
    EXPECT_NEAR(analytic, numeric, 1e-5 * std::max(1.0, std::fabs(numeric))) << "pixel " << index;
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}
