#include "weights_loader.h"

#include <glib.h>

#include <cstring>
#include <map>

#include "mapped_file.h"
#include "neural_style/errors.h"
#include "safetensors_file.h"
#include "torch_checkpoint.h"
#include "vgg19_layers.h"

namespace neural_style {
namespace {

struct KnownFile {
  const char* sha256_prefix;
  const char* name;
  InputConvention convention;
};

// torchvision's IMAGENET1K_V1 VGG19 and the caffe VGG19 converted by
// jcjohnson (used by neural-style-pt).
const KnownFile known_files[] = {
    {"dcbb9e9d", "vgg19-dcbb9e9d.pth", InputConvention::torchvision},
    {"d01eb7cb", "vgg19-d01eb7cb.pth", InputConvention::caffe},
};

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

torch::ScalarType scalar_type(RawDtype d) {
  switch (d) {
    case RawDtype::f32: return torch::kFloat32;
    case RawDtype::f16: return torch::kFloat16;
    case RawDtype::bf16: return torch::kBFloat16;
    case RawDtype::f64: return torch::kFloat64;
  }
  return torch::kFloat32;
}

// Copies a stored tensor out of the mapped file as contiguous float32,
// checking that its view stays inside its storage.
torch::Tensor to_tensor(const RawTensor& raw, const std::string& name, const std::string& path) {
  const std::size_t elem = element_size(raw.dtype);
  const std::int64_t storage_numel = static_cast<std::int64_t>(raw.storage_bytes / elem);
  std::vector<std::int64_t> strides = raw.strides;
  if (strides.empty()) {  // contiguous
    strides.assign(raw.shape.size(), 1);
    for (int i = static_cast<int>(raw.shape.size()) - 2; i >= 0; --i) strides[i] = strides[i + 1] * raw.shape[i + 1];
  }
  for (auto d : raw.shape) {
    if (d == 0) return torch::empty(raw.shape, torch::kFloat32);
  }
  if (!view_within_storage(raw)) {
    throw WeightsFormatError("The weights file " + path + " is truncated or corrupt: " + name +
                             " points outside its data. Download it again with neural-style-fetch-weights.");
  }
  // Copy the bytes first: storages in legacy files need not be aligned.
  torch::Tensor storage = torch::empty({storage_numel}, scalar_type(raw.dtype));
  std::memcpy(storage.data_ptr(), raw.storage, static_cast<std::size_t>(storage_numel) * elem);
  return storage.as_strided(raw.shape, strides, raw.offset).to(torch::kFloat32).contiguous();
}

std::string sha256_of(const MappedFile& file) {
  gchar* hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, file.data(), file.size());
  std::string s(hex);
  g_free(hex);
  return s;
}

}  // namespace

InputConvention convention_from_sha256(const std::string& sha256_hex) {
  for (const auto& k : known_files) {
    if (sha256_hex.rfind(k.sha256_prefix, 0) == 0) return k.convention;
  }
  return InputConvention::automatic;
}

Vgg19Weights load_vgg19_weights(const std::string& path, InputConvention requested) {
  MappedFile file(path);
  std::map<std::string, std::string> metadata;
  RawTensorMap raw;
  const bool safetensors = looks_like_safetensors(file);
  if (safetensors) {
    raw = read_safetensors(file, &metadata);
  } else {
    raw = read_torch_checkpoint(file, [](const std::string& n) { return n.rfind("features.", 0) == 0; });
  }

  Vgg19Weights w;
  w.path = path;
  for (const auto& layer : vgg19_conv_layers()) {
    const std::string prefix = "features." + std::to_string(layer.features_index);
    const std::vector<std::int64_t> wshape = {layer.out_channels, layer.in_channels, 3, 3};
    const std::vector<std::int64_t> bshape = {layer.out_channels};
    for (const auto& [suffix, shape] : {std::pair{".weight", wshape}, std::pair{".bias", bshape}}) {
      const std::string name = prefix + suffix;
      auto it = raw.find(name);
      if (it == raw.end()) {
        std::string found = raw.empty() ? "none" : raw.begin()->first;
        throw WeightsMismatch("The weights file " + path + " lacks the tensor " + name + " (VGG19 " + layer.name +
                              "); it is not a VGG19 file with torchvision's layer names (first tensor found: " + found +
                              "). Use vgg19-dcbb9e9d.pth or a .safetensors file with the same names.");
      }
      if (it->second.shape != shape) {
        throw WeightsMismatch("The weights file " + path + " has " + name + " of shape " +
                              shape_string(it->second.shape) + ", but VGG19's " + layer.name + " needs " +
                              shape_string(shape) + "; it is not VGG19 (VGG16 or another network?).");
      }
      torch::Tensor t = to_tensor(it->second, name, path);
      if (!torch::isfinite(t).all().item<bool>()) {
        throw WeightsFormatError("The weights file " + path + " is corrupt: " + name +
                                 " contains NaN or infinite values. Download it again.");
      }
      (suffix == std::string(".weight") ? w.weights : w.biases).push_back(t);
    }
  }

  w.convention = requested;
  if (w.convention == InputConvention::automatic && safetensors) {
    auto it = metadata.find("input_convention");
    if (it != metadata.end()) {
      if (it->second == "caffe") {
        w.convention = InputConvention::caffe;
      } else if (it->second == "torchvision") {
        w.convention = InputConvention::torchvision;
      } else {
        throw WeightsFormatError("The weights file " + path + " declares input_convention = \"" + it->second +
                                 "\"; expected \"caffe\" or \"torchvision\".");
      }
    }
  }
  if (w.convention == InputConvention::automatic) w.convention = convention_from_sha256(sha256_of(file));
  if (w.convention == InputConvention::automatic) {
    throw UnknownInputConvention("Cannot tell which input the weights in " + path +
                                     " expect: the file is not one of the official VGG19 files (vgg19-dcbb9e9d.pth, "
                                     "vgg19-d01eb7cb.pth) and has no input_convention metadata.",
                                 path);
  }
  return w;
}

}  // namespace neural_style
