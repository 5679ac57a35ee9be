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

}  // namespace neural_style
