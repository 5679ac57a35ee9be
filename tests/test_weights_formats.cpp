// Every supported weights format loads to the same numbers and features, and
// the input convention is found from options, metadata or the file's hash.
#include <gtest/gtest.h>

#include "neural_style/errors.h"
#include "support/test_weights.h"
#include "vgg19.h"
#include "vgg19_layers.h"
#include "weights_loader.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

class WeightsFormats : public ::testing::Test {
 protected:
  TempDir dir;
  NamedTensors tensors = make_vgg19_tensors(42);

  std::vector<std::string> write_all() {
    std::vector<std::string> paths = {dir.file("zip.pth"),         dir.file("zip64.pth"),
                                      dir.file("legacy.pth"),      dir.file("f32.safetensors"),
                                      dir.file("f16.safetensors"), dir.file("bf16.safetensors")};
    write_torch_zip(paths[0], tensors);
    write_torch_zip(paths[1], tensors, true);
    write_torch_legacy(paths[2], tensors);
    write_safetensors(paths[3], tensors, SafetensorsDtype::f32);
    write_safetensors(paths[4], tensors, SafetensorsDtype::f16);
    write_safetensors(paths[5], tensors, SafetensorsDtype::bf16);
    return paths;
  }
};

}  // namespace

TEST_F(WeightsFormats, AllFormatsLoadIdenticalWeightsAndFeatures) {
  const auto paths = write_all();
  torch::NoGradGuard no_grad;
  torch::manual_seed(3);
  const auto input = torch::randn({1, 3, 32, 32});
  const std::vector<int> layers = {vgg19_layer_index("conv1_1"), vgg19_layer_index("conv3_1"),
                                   vgg19_layer_index("conv5_1")};
  std::vector<torch::Tensor> reference;
  for (const auto& path : paths) {
    SCOPED_TRACE(path);
    const Vgg19Weights w = load_vgg19_weights(path, InputConvention::torchvision);
    ASSERT_EQ(w.weights.size(), 16u);
    for (std::size_t i = 0; i < 16; ++i) {
      EXPECT_TRUE(torch::equal(w.weights[i], tensors[2 * i].second)) << "weight " << i;
      EXPECT_TRUE(torch::equal(w.biases[i], tensors[2 * i + 1].second)) << "bias " << i;
    }
    Vgg19 net;
    net.load(w);
    const auto features = net.forward(input, layers, Pooling::max);
    if (reference.empty()) {
      reference = features;
    } else {
      for (std::size_t k = 0; k < features.size(); ++k) EXPECT_TRUE(torch::equal(features[k], reference[k]));
    }
  }
}

TEST_F(WeightsFormats, ConventionFromOptionMetadataOrHash) {
  const std::string caffe = dir.file("caffe.safetensors");
  write_safetensors(caffe, tensors, SafetensorsDtype::f32, {{"input_convention", "caffe"}});
  EXPECT_EQ(load_vgg19_weights(caffe, InputConvention::automatic).convention, InputConvention::caffe);
  // An explicit choice wins over the metadata.
  EXPECT_EQ(load_vgg19_weights(caffe, InputConvention::torchvision).convention, InputConvention::torchvision);

  const std::string odd = dir.file("odd.safetensors");
  write_safetensors(odd, tensors, SafetensorsDtype::f32, {{"input_convention", "bgr"}});
  EXPECT_THROW(load_vgg19_weights(odd, InputConvention::automatic), WeightsFormatError);

  // Unknown file, no metadata: the user is asked to say it.
  const std::string plain = dir.file("plain.pth");
  write_torch_zip(plain, tensors);
  try {
    load_vgg19_weights(plain, InputConvention::automatic);
    FAIL() << "no error for an unknown convention";
  } catch (const UnknownInputConvention& e) {
    // The core names the file; each front end says how to tell it.
    EXPECT_EQ(e.path(), plain);
    EXPECT_NE(std::string(e.what()).find("no input_convention metadata"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
  }

  EXPECT_EQ(convention_from_sha256("dcbb9e9d" + std::string(56, '0')), InputConvention::torchvision);
  EXPECT_EQ(convention_from_sha256("d01eb7cb" + std::string(56, 'f')), InputConvention::caffe);
  EXPECT_EQ(convention_from_sha256(std::string(64, 'a')), InputConvention::automatic);
}

TEST_F(WeightsFormats, StateDictNestedUnderStateDictKeyAndStridedTensors) {
  // A non-contiguous stored tensor (a transposed view) is read through its
  // strides.
  NamedTensors t = tensors;
  t[0].second = t[0].second.permute({1, 0, 2, 3}).contiguous().permute({1, 0, 2, 3});
  ASSERT_FALSE(t[0].second.is_contiguous());
  const std::string path = dir.file("strided.pth");
  write_torch_zip(path, t);
  const auto w = load_vgg19_weights(path, InputConvention::caffe);
  EXPECT_TRUE(torch::equal(w.weights[0], tensors[0].second));
}
