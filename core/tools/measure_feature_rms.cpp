// Prints the RMS of each VGG19 layer's features on the calibration probe for
// a weights file: how the reference values in feature_calibration.cpp were
// measured (with the caffe VGG19), and a check for other files.
#include <cstdio>

#include "feature_calibration.h"
#include "neural_style/stylizer.h"
#include "objective.h"
#include "vgg19.h"
#include "vgg19_layers.h"
#include "weights_loader.h"

int main(int argc, char** argv) {
  using namespace neural_style;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s WEIGHTS\n", argv[0]);
    return 2;
  }
  try {
    const Vgg19Weights w = load_vgg19_weights(argv[1], InputConvention::automatic);
    Vgg19 net;
    net.load(w);
    const auto rms = net.feature_rms(to_network_input(calibration_probe(), w.convention));
    std::printf("# %s (%s input)\n", argv[1], to_string(w.convention));
    for (std::size_t i = 0; i < rms.size(); ++i) {
      std::printf("%s %.6g  scale %.6g\n", vgg19_conv_layers()[i].name, rms[i], reference_feature_rms()[i] / rms[i]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
