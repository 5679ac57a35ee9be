// Just enough of Python's pickle format to read the state dicts written by
// torch.save: dicts/OrderedDicts of tensors rebuilt by torch._utils. No code
// from the file is ever run; anything else is rejected with a clear error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "raw_tensor.h"

namespace neural_style::pickle {

// Where a tensor's storage is: the persistent id torch.save writes.
struct StorageRef {
  std::string key;  // "0", "1", ... (zip) or a number (legacy)
  RawDtype dtype = RawDtype::f32;
  std::int64_t numel = 0;
};

struct TensorRef {
  StorageRef storage;
  std::int64_t offset = 0;
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides;
};

// A pickled object reduced to what a state dict needs. Unknown classes only
// survive as Global until something tries to use them.
struct Object;
using ObjectPtr = std::shared_ptr<Object>;
struct None {};
struct Global {
  std::string module, name;
};
struct Tuple {
  std::vector<ObjectPtr> items;
};
struct Dict {
  std::vector<std::pair<ObjectPtr, ObjectPtr>> items;
};
struct Object {
  std::variant<None, bool, std::int64_t, double, std::string, Global, Tuple, Dict, StorageRef, TensorRef> value;
  // Set once the object is placed inside another one; a sealed container is
  // never modified again, so no reference cycle can form (see Reader).
  bool sealed = false;
  // 1 for a leaf, 1 + the highest child for a container; capped by the reader
  // so walking or destroying the object graph never recurses deeply.
  std::uint32_t height = 1;
};

struct Result {
  ObjectPtr root;
  std::size_t bytes_read = 0;  // where the pickle's STOP was
};

// Reads one pickle from data[0, size). `what` names the stream in errors.
// Throws WeightsFormatError (WeightsMismatch for an unsupported tensor type).
// Work and memory are bounded by the input's size and the caps below.
constexpr std::uint32_t max_nesting = 64;       // a torch state dict needs < 10
constexpr std::size_t max_objects = 1'000'000;  // VGG19 needs a few hundred
constexpr std::size_t max_stack = 1'000'000;    // stack entries plus marks

Result read(const std::uint8_t* data, std::size_t size, const std::string& what);

// The root as a flat {name: tensor} map (a state dict, possibly nested under
// "state_dict"). Non-tensor entries are skipped.
std::map<std::string, TensorRef> state_dict(const ObjectPtr& root, const std::string& what);

}  // namespace neural_style::pickle
