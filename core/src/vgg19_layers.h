// The 16 convolution layers of VGG19, their names and shapes, and where
// torchvision's `features` Sequential keeps them.
#pragma once

#include <string>
#include <vector>

namespace neural_style {

struct ConvLayer {
  const char* name;    // conv1_1 ... conv5_4
  int features_index;  // N in features.N.weight
  int in_channels;
  int out_channels;
  bool pool_after;  // last conv of its block: a 2x2 pooling follows
};

const std::vector<ConvLayer>& vgg19_conv_layers();

// Index into vgg19_conv_layers(); throws InvalidArgument listing valid names.
int vgg19_layer_index(const std::string& name);

// The shortest side an image needs so that every layer up to `deepest` has
// at least one pixel.
int minimum_side_for_layer(int deepest);

// Floating-point operations (2 per multiply-add) of the forward pass of the
// convolutions up to and including layer `deepest`, for one width x height
// image. Padding 1 keeps a block's size; each 2x2 pooling halves it,
// rounding down. ReLU, pooling and biases are not counted.
double vgg19_conv_flops(int width, int height, int deepest);

}  // namespace neural_style
