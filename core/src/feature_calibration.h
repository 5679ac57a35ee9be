// Makes loss weights mean the same for every VGG19 weights file.
//
// Feature magnitudes differ by orders of magnitude between weights files
// (the caffe VGG19 that Gatys and jcjohnson used sees 0-255 input and has
// activations ~1000x those of torchvision's), while the TV term lives in
// pixel space. So each layer's features are multiplied by a constant, fixed
// per weights file, that gives them on a fixed probe image the RMS the caffe
// VGG19 has there. For the caffe network the constants are ~1 and the losses
// are exactly the published ones.
#pragma once

#include <torch/types.h>

#include <vector>

#include "neural_style/options.h"

namespace neural_style {

// A deterministic 64x64 RGB probe (levels 0-255): gradients, edges, texture.
torch::Tensor calibration_probe();

// RMS of each conv layer's ReLU output on the probe, for the caffe VGG19
// (../shared/weights/vgg19-caffe-conv.safetensors), max pooling.
const std::vector<double>& reference_feature_rms();

// Sets the network's feature scales so its features on the probe have the
// reference RMS. A layer that is dead on the probe keeps scale 1.
class Vgg19;
void calibrate_feature_scales(Vgg19& net, InputConvention convention);

}  // namespace neural_style
