// A tensor as a weights file stores it: a view into bytes of the mapped file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace neural_style {

enum class RawDtype { f32, f16, bf16, f64 };

std::size_t element_size(RawDtype dtype);
const char* dtype_name(RawDtype dtype);

struct RawTensor {
  RawDtype dtype = RawDtype::f32;
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides;  // in elements; empty = contiguous
  std::int64_t offset = 0;            // in elements, from `storage`
  const std::uint8_t* storage = nullptr;
  std::size_t storage_bytes = 0;  // bytes available from `storage`
};

// True when every element the view addresses lies inside its storage
// (offset, shape and strides come from the file; no sum or product wraps).
bool view_within_storage(const RawTensor& t);

using RawTensorMap = std::map<std::string, RawTensor>;

}  // namespace neural_style
