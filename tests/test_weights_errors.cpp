// Damaged and wrong weights files each give their own clear error.
#include <gtest/gtest.h>

#include "neural_style/errors.h"
#include "support/test_weights.h"
#include "weights_loader.h"

using namespace neural_style;
using namespace neural_style::test_support;

namespace {

template <typename E>
std::string error_of(const std::string& path) {
  try {
    load_vgg19_weights(path, InputConvention::torchvision);
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no error for " << path;
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class WeightsErrors : public ::testing::Test {
 protected:
  TempDir dir;
  NamedTensors tensors = make_vgg19_tensors(5, false);
};

}  // namespace

TEST_F(WeightsErrors, TruncatedFiles) {
  const std::string zip = dir.file("zip.pth"), legacy = dir.file("legacy.pth"), st = dir.file("w.safetensors");
  write_torch_zip(zip, tensors);
  write_torch_legacy(legacy, tensors);
  write_safetensors(st, tensors, SafetensorsDtype::f32);
  for (const auto& path : {zip, legacy, st}) {
    const std::string bytes = read_file(path);
    write_file(path, bytes.substr(0, bytes.size() / 2));
    const std::string msg = error_of<WeightsFormatError>(path);
    EXPECT_TRUE(contains(msg, "truncated")) << msg;
    EXPECT_TRUE(contains(msg, path)) << msg;
  }
}

TEST_F(WeightsErrors, CorruptedData) {
  const std::string zip = dir.file("zip.pth");
  write_torch_zip(zip, tensors);
  std::string bytes = read_file(zip);
  bytes[bytes.size() / 2] ^= 0x55;  // inside a tensor record
  write_file(zip, bytes);
  EXPECT_TRUE(contains(error_of<WeightsFormatError>(zip), "CRC"));

  const std::string garbage = dir.file("garbage.pth");
  write_file(garbage, std::string("\x80\x02\xff\xff garbage", 12));
  EXPECT_TRUE(contains(error_of<WeightsFormatError>(garbage), "corrupt"));

  const std::string text = dir.file("text.pth");
  write_file(text, "this is not a weights file at all");
  EXPECT_TRUE(contains(error_of<WeightsFormatError>(text), "neither"));

  const std::string json = dir.file("bad.safetensors");
  write_file(json, std::string("\x08\0\0\0\0\0\0\0{\"a\":  }", 16));
  EXPECT_TRUE(contains(error_of<WeightsFormatError>(json), "not valid safetensors"));

  NamedTensors nan = tensors;
  nan[4].second = nan[4].second.clone();
  nan[4].second.view({-1})[3] = std::nanf("");
  const std::string nan_path = dir.file("nan.safetensors");
  write_safetensors(nan_path, nan, SafetensorsDtype::f32);
  EXPECT_TRUE(contains(error_of<WeightsFormatError>(nan_path), "NaN"));
}

TEST_F(WeightsErrors, WrongShape) {
  NamedTensors t = tensors;
  t[2].second = torch::zeros({64, 64, 5, 5});  // features.2.weight
  const std::string path = dir.file("shape.safetensors");
  write_safetensors(path, t, SafetensorsDtype::f32);
  const std::string msg = error_of<WeightsMismatch>(path);
  EXPECT_TRUE(contains(msg, "features.2.weight")) << msg;
  EXPECT_TRUE(contains(msg, "[64, 64, 5, 5]")) << msg;
  EXPECT_TRUE(contains(msg, "[64, 64, 3, 3]")) << msg;
}

TEST_F(WeightsErrors, WrongNames) {
  NamedTensors t;
  for (auto [name, tensor] : tensors) t.emplace_back("vgg." + name, tensor);
  const std::string path = dir.file("names.pth");
  write_torch_zip(path, t);
  const std::string msg = error_of<WeightsMismatch>(path);
  EXPECT_TRUE(contains(msg, "lacks the tensor features.0.weight")) << msg;
}

TEST_F(WeightsErrors, UnsupportedDtype) {
  const std::string path = dir.file("int.safetensors");
  std::string header = R"({"features.0.weight":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})";
  std::string file;
  for (int i = 0; i < 8; ++i) file += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  write_file(path, file + header + std::string(4, '\0'));
  EXPECT_TRUE(contains(error_of<WeightsMismatch>(path), "I32"));
}

TEST_F(WeightsErrors, MissingFile) {
  EXPECT_TRUE(contains(error_of<WeightsFormatError>(dir.file("nope.pth")), "Cannot open"));
}
