#include "safetensors_file.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "neural_style/errors.h"

namespace neural_style {
namespace {

std::uint64_t header_length(const MappedFile& file) {
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<std::uint64_t>(file.data()[i]) << (8 * i);
  return n;
}

// The deepest nesting of arrays and objects in a JSON text (strings skipped).
// Checked before parsing so a crafted header like [[[[... cannot exhaust the
// stack of the parser or of the value's destructor.
std::size_t json_depth(const std::uint8_t* p, const std::uint8_t* end) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (; p < end; ++p) {
    if (in_string) {
      if (*p == '\\') {
        if (++p == end) break;
      } else if (*p == '"') {
        in_string = false;
      }
    } else if (*p == '"') {
      in_string = true;
    } else if (*p == '[' || *p == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((*p == ']' || *p == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// The values of a JSON array of integers, or nothing. get<std::vector<...>>()
// would convert floats with a cast that is undefined when out of range
// (found by fuzz-safetensors: a shape of [7.7e21]).
template <typename T>
std::optional<std::vector<T>> integers(const nlohmann::json& j) {
  if (!j.is_array()) return std::nullopt;
  std::vector<T> out;
  for (const auto& v : j) {
    if (!v.is_number_integer()) return std::nullopt;
    out.push_back(v.get<T>());  // integer to integer: no undefined behaviour
  }
  return out;
}

constexpr std::uint64_t max_header_bytes = 100'000'000;  // real headers are a few KB
constexpr std::size_t max_json_depth = 64;               // real headers nest 3 deep

}  // namespace

bool looks_like_safetensors(const MappedFile& file) {
  return file.size() >= 10 && header_length(file) >= 2 && file.data()[8] == '{';
}

RawTensorMap read_safetensors(const MappedFile& file, std::map<std::string, std::string>* metadata) {
  const std::string& what = file.path();
  auto corrupt = [&](const std::string& detail) {
    return WeightsFormatError("The weights file " + what + " is not valid safetensors (" + detail +
                              "). Download it again or convert it anew.");
  };
  if (file.size() < 8) {
    throw WeightsFormatError("The weights file " + what +
                             " is truncated (shorter than a safetensors header). Download it again.");
  }
  const std::uint64_t n = header_length(file);
  if (n > file.size() - 8) {
    throw WeightsFormatError("The weights file " + what +
                             " is truncated (its safetensors header is longer than the file). "
                             "Download it again.");
  }
  if (n > max_header_bytes) throw corrupt("header larger than 100 MB");
  if (json_depth(file.data() + 8, file.data() + 8 + n) > max_json_depth) throw corrupt("header nested too deeply");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(file.data() + 8, file.data() + 8 + n);
  } catch (const nlohmann::json::exception& e) {
    throw corrupt(std::string("header is not JSON: ") + e.what());
  }
  if (!header.is_object()) throw corrupt("header is not a JSON object");

  const std::uint8_t* base = file.data() + 8 + n;
  const std::uint64_t data_size = file.size() - 8 - n;
  RawTensorMap out;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") {
      if (metadata && info.is_object()) {
        for (const auto& [k, v] : info.items()) {
          if (v.is_string()) (*metadata)[k] = v.get<std::string>();
        }
      }
      continue;
    }
    try {
      const std::string dtype = info.at("dtype").get<std::string>();
      RawTensor t;
      if (dtype == "F32") {
        t.dtype = RawDtype::f32;
      } else if (dtype == "F16") {
        t.dtype = RawDtype::f16;
      } else if (dtype == "BF16") {
        t.dtype = RawDtype::bf16;
      } else if (dtype == "F64") {
        t.dtype = RawDtype::f64;
      } else {
        throw WeightsMismatch("The weights file " + what + " stores " + name + " as " + dtype +
                              "; only F32, F16, BF16 and F64 are supported.");
      }
      const auto shape = integers<std::int64_t>(info.at("shape"));
      if (!shape) throw corrupt("the shape of " + name + " is not a list of integers");
      t.shape = *shape;
      const auto offsets_or_none = integers<std::uint64_t>(info.at("data_offsets"));
      if (!offsets_or_none || offsets_or_none->size() != 2) throw corrupt("bad data_offsets of " + name);
      const auto& offsets = *offsets_or_none;
      if (offsets[0] > offsets[1]) throw corrupt("bad data_offsets of " + name);
      if (offsets[1] > data_size) {
        throw WeightsFormatError("The weights file " + what + " is truncated: the data of " + name +
                                 " runs past the end of the file. Download it again.");
      }
      // Checked products: a crafted shape could wrap around to the byte size.
      std::uint64_t bytes = element_size(t.dtype);
      for (auto d : t.shape) {
        if (d < 0) throw corrupt("negative dimension in " + name);
        if (__builtin_mul_overflow(bytes, static_cast<std::uint64_t>(d), &bytes)) {
          throw corrupt("the shape of " + name + " is impossibly large");
        }
      }
      if (bytes != offsets[1] - offsets[0]) {
        throw corrupt("the byte size of " + name + " does not match its shape");
      }
      t.storage = base + offsets[0];
      t.storage_bytes = offsets[1] - offsets[0];
      out.emplace(name, std::move(t));
    } catch (const nlohmann::json::exception& e) {
      throw corrupt("bad entry for " + name + ": " + e.what());
    }
  }
  return out;
}

}  // namespace neural_style
