#include "raw_tensor.h"

namespace neural_style {

std::size_t element_size(RawDtype dtype) {
  switch (dtype) {
    case RawDtype::f32: return 4;
    case RawDtype::f16: return 2;
    case RawDtype::bf16: return 2;
    case RawDtype::f64: return 8;
  }
  return 4;
}

const char* dtype_name(RawDtype dtype) {
  switch (dtype) {
    case RawDtype::f32: return "float32";
    case RawDtype::f16: return "float16";
    case RawDtype::bf16: return "bfloat16";
    case RawDtype::f64: return "float64";
  }
  return "?";
}

bool view_within_storage(const RawTensor& t) {
  if (t.offset < 0 || (!t.strides.empty() && t.strides.size() != t.shape.size())) return false;
  for (auto d : t.shape) {
    if (d < 0) return false;
    if (d == 0) return true;  // no element at all
  }
  const auto storage_numel = static_cast<std::int64_t>(t.storage_bytes / element_size(t.dtype));
  std::int64_t last = t.offset, stride = 1;
  for (std::size_t i = t.shape.size(); i-- > 0;) {
    const std::int64_t s = t.strides.empty() ? stride : t.strides[i];
    std::int64_t step = 0;
    if (s < 0 || __builtin_mul_overflow(t.shape[i] - 1, s, &step) || __builtin_add_overflow(last, step, &last)) {
      return false;
    }
    if (t.strides.empty() && __builtin_mul_overflow(stride, t.shape[i], &stride)) return false;
  }
  return last < storage_numel;
}

}  // namespace neural_style
