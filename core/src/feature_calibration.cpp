#include "feature_calibration.h"

#include <cmath>

#include "objective.h"
#include "vgg19.h"

namespace neural_style {

torch::Tensor calibration_probe() {
  const int n = 64;
  auto probe = torch::empty({1, 3, n, n});
  auto a = probe.accessor<float, 4>();
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const double u = x / double(n), v = y / double(n);
      const double stripes = std::sin(20.0 * u + 7.0 * v) > 0 ? 1.0 : 0.0;
      const double disc = (u - 0.6) * (u - 0.6) + (v - 0.4) * (v - 0.4) < 0.05 ? 1.0 : 0.0;
      a[0][0][y][x] = static_cast<float>(255.0 * (0.2 + 0.5 * u + 0.3 * disc));
      a[0][1][y][x] = static_cast<float>(255.0 * (0.3 + 0.4 * v * stripes + 0.2 * std::sin(3.0 * u)));
      a[0][2][y][x] = static_cast<float>(255.0 * (0.6 - 0.4 * disc + 0.3 * std::cos(9.0 * u * v) * (1 - stripes)));
    }
  }
  return probe.clamp(0.0, 255.0);
}

const std::vector<double>& reference_feature_rms() {
  // Measured with build/core/measure-feature-rms on
  // ../shared/weights/vgg19-caffe-conv.safetensors (see docs/losses.md).
  static const std::vector<double> rms = {52.2012, 249.359, 222.562, 333.849, 380.022, 404.211, 706.538, 1256.78,
                                          1227.83, 945.058, 589.893, 225.614, 165.761, 77.3404, 30.1416, 7.53548};
  return rms;
}

void calibrate_feature_scales(Vgg19& net, InputConvention convention) {
  const auto rms = net.feature_rms(to_network_input(calibration_probe(), convention));
  const auto& reference = reference_feature_rms();
  std::vector<double> scales(rms.size(), 1.0);
  for (std::size_t i = 0; i < rms.size(); ++i) {
    if (rms[i] > 1e-12) scales[i] = reference[i] / rms[i];
  }
  net.set_feature_scales(std::move(scales));
}

}  // namespace neural_style
