#include "test_weights.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "crc32.h"
#include "vgg19_layers.h"

namespace neural_style::test_support {
namespace {

void put_le(std::string& s, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// --- pickle writing, mirroring CPython's protocol 2 pickler ---
struct Pickler {
  std::string out;
  int memo = 0;
  void op(char c) { out += c; }
  void str(const std::string& s) {
    op('X');
    put_le(out, s.size(), 4);
    out += s;
    put();
  }
  void put() {
    op('q');
    out += static_cast<char>(memo++ & 0xFF);
  }
  void global(const std::string& module, const std::string& name) {
    op('c');
    out += module + "\n" + name + "\n";
    put();
  }
  void integer(std::int64_t v) {
    if (v >= 0 && v < 256) {
      op('K');
      put_le(out, static_cast<std::uint64_t>(v), 1);
    } else if (v >= 0 && v < 65536) {
      op('M');
      put_le(out, static_cast<std::uint64_t>(v), 2);
    } else {
      op('J');
      put_le(out, static_cast<std::uint64_t>(v), 4);
    }
  }
  void int_tuple(const std::vector<std::int64_t>& v) {
    if (v.empty()) {
      op(')');
      return;
    }
    if (v.size() <= 3) {
      for (auto x : v) integer(x);
      op(static_cast<char>(0x84 + v.size()));
    } else {
      op('(');
      for (auto x : v) integer(x);
      op('t');
    }
    put();
  }
};

const char* storage_type(const torch::Tensor& t) {
  switch (t.scalar_type()) {
    case torch::kFloat16: return "HalfStorage";
    case torch::kBFloat16: return "BFloat16Storage";
    case torch::kFloat64: return "DoubleStorage";
    default: return "FloatStorage";
  }
}

std::string tensor_bytes(const torch::Tensor& t) {
  const auto c = t.contiguous();
  return std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
}

struct ZipWriter {
  std::string out, directory;
  int count = 0;
  bool zip64 = false;
  void add(const std::string& name, const std::string& data) {
    const std::uint32_t crc = neural_style::crc32(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    const std::uint64_t local = out.size();
    const std::uint32_t size32 = zip64 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(data.size());
    std::string extra;
    if (zip64) {
      put_le(extra, 1, 2);
      put_le(extra, 16, 2);
      put_le(extra, data.size(), 8);
      put_le(extra, data.size(), 8);
    }
    put_le(out, 0x04034b50, 4);
    put_le(out, 45, 2);
    put_le(out, 0, 2);
    put_le(out, 0, 2);  // stored
    put_le(out, 0, 4);  // time, date
    put_le(out, crc, 4);
    put_le(out, size32, 4);
    put_le(out, size32, 4);
    put_le(out, name.size(), 2);
    put_le(out, extra.size(), 2);
    out += name + extra + data;

    std::string cextra;
    if (zip64) {
      put_le(cextra, 1, 2);
      put_le(cextra, 24, 2);
      put_le(cextra, data.size(), 8);
      put_le(cextra, data.size(), 8);
      put_le(cextra, local, 8);
    }
    put_le(directory, 0x02014b50, 4);
    put_le(directory, 45, 2);
    put_le(directory, 45, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 4);
    put_le(directory, crc, 4);
    put_le(directory, size32, 4);
    put_le(directory, size32, 4);
    put_le(directory, name.size(), 2);
    put_le(directory, cextra.size(), 2);
    put_le(directory, 0, 2);  // comment
    put_le(directory, 0, 2);  // disk
    put_le(directory, 0, 2);  // internal attributes
    put_le(directory, 0, 4);  // external attributes
    put_le(directory, zip64 ? 0xFFFFFFFFu : local, 4);
    directory += name + cextra;
    ++count;
  }
  std::string finish() {
    const std::uint64_t dir_offset = out.size();
    out += directory;
    if (zip64) {
      const std::uint64_t z64 = out.size();
      put_le(out, 0x06064b50, 4);
      put_le(out, 44, 8);
      put_le(out, 45, 2);
      put_le(out, 45, 2);
      put_le(out, 0, 4);
      put_le(out, 0, 4);
      put_le(out, count, 8);
      put_le(out, count, 8);
      put_le(out, directory.size(), 8);
      put_le(out, dir_offset, 8);
      put_le(out, 0x07064b50, 4);
      put_le(out, 0, 4);
      put_le(out, z64, 8);
      put_le(out, 1, 4);
    }
    put_le(out, 0x06054b50, 4);
    put_le(out, 0, 2);
    put_le(out, 0, 2);
    put_le(out, zip64 ? 0xFFFF : count, 2);
    put_le(out, zip64 ? 0xFFFF : count, 2);
    put_le(out, zip64 ? 0xFFFFFFFFu : directory.size(), 4);
    put_le(out, zip64 ? 0xFFFFFFFFu : dir_offset, 4);
    put_le(out, 0, 2);
    return out;
  }
};

}  // namespace

NamedTensors make_vgg19_tensors(std::uint64_t seed, bool with_classifier) {
  torch::manual_seed(seed);
  NamedTensors out;
  // 8 significant bits (bfloat16's precision), and nothing below float16's
  // smallest normal number: then every format holds exactly these values.
  auto quantise = [](torch::Tensor t) {
    t = t.to(torch::kBFloat16).to(torch::kFloat32);
    return torch::where(t.abs() < 6.103515625e-05, torch::zeros_like(t), t);
  };
  for (const auto& l : vgg19_conv_layers()) {
    const double std = std::sqrt(2.0 / (9.0 * l.in_channels));
    const std::string prefix = "features." + std::to_string(l.features_index);
    out.emplace_back(prefix + ".weight", quantise(torch::randn({l.out_channels, l.in_channels, 3, 3}) * std));
    out.emplace_back(prefix + ".bias", quantise(torch::randn({l.out_channels}) * 0.01));
  }
  if (with_classifier) {
    out.emplace_back("classifier.0.weight", quantise(torch::randn({16, 32})));
    out.emplace_back("classifier.0.bias", quantise(torch::randn({16})));
  }
  return out;
}

void write_safetensors(const std::string& path, const NamedTensors& tensors, SafetensorsDtype dtype,
                       const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::string data;
  const auto st = dtype == SafetensorsDtype::f16    ? torch::kFloat16
                  : dtype == SafetensorsDtype::bf16 ? torch::kBFloat16
                                                    : torch::kFloat32;
  const char* name = dtype == SafetensorsDtype::f16 ? "F16" : dtype == SafetensorsDtype::bf16 ? "BF16" : "F32";
  for (const auto& [n, t] : tensors) {
    const std::string bytes = tensor_bytes(t.to(st));
    header[n] = {
        {"dtype", name}, {"shape", t.sizes().vec()}, {"data_offsets", {data.size(), data.size() + bytes.size()}}};
    data += bytes;
  }
  std::string h = header.dump();
  while (h.size() % 8) h += ' ';  // as the reference writer pads
  std::string file;
  put_le(file, h.size(), 8);
  write_file(path, file + h + data);
}

std::string state_dict_pickle(const NamedTensors& tensors, const std::string& key_prefix, bool legacy) {
  Pickler p;
  p.op('\x80');
  p.op('\x02');
  p.global("collections", "OrderedDict");  // memo 0
  p.op(')');
  p.op('R');
  p.put();
  p.op('(');
  int index = 0;
  for (const auto& [name, t] : tensors) {
    p.str(name);
    p.global("torch._utils", "_rebuild_tensor_v2");
    p.op('(');
    p.op('(');
    p.str("storage");
    p.global("torch", storage_type(t));
    p.str(key_prefix + std::to_string(index++));
    p.str("cpu");
    p.integer(t.numel());
    if (legacy) p.op('N');  // view_metadata
    p.op('t');
    p.put();
    p.op('Q');
    p.integer(0);
    p.int_tuple(t.sizes().vec());
    p.int_tuple(t.contiguous().strides().vec());
    p.op('\x89');
    p.op('h');  // BINGET collections.OrderedDict, as CPython does for a repeated global
    p.out += '\0';
    p.op(')');
    p.op('R');
    p.put();
    p.op('t');
    p.put();
    p.op('R');
    p.put();
  }
  p.op('u');
  // state: {'_metadata': OrderedDict()}, applied with BUILD
  p.op('}');
  p.put();
  p.str("_metadata");
  p.op('h');
  p.out += '\0';
  p.op(')');
  p.op('R');
  p.put();
  p.op('s');
  p.op('b');
  p.op('.');
  return p.out;
}

void write_torch_zip(const std::string& path, const NamedTensors& tensors, bool zip64) {
  ZipWriter z;
  z.zip64 = zip64;
  z.add("archive/data.pkl", state_dict_pickle(tensors));
  z.add("archive/byteorder", "little");
  for (std::size_t i = 0; i < tensors.size(); ++i)
    z.add("archive/data/" + std::to_string(i), tensor_bytes(tensors[i].second));
  z.add("archive/version", "3\n");
  write_file(path, z.finish());
}

void write_torch_legacy(const std::string& path, const NamedTensors& tensors) {
  std::string out;
  // MAGIC_NUMBER 0x1950a86a20f9469cfc6c as LONG1, then PROTOCOL_VERSION 1001.
  out += std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15);
  out += std::string("\x80\x02M\xe9\x03.", 6);
  {
    Pickler p;
    p.op('\x80');
    p.op('\x02');
    p.op('}');
    p.put();
    p.op('(');
    p.str("protocol_version");
    p.integer(1001);
    p.str("little_endian");
    p.op('\x88');
    p.op('u');
    p.op('.');
    out += p.out;
  }
  const std::string key_prefix = "9411";
  out += state_dict_pickle(tensors, key_prefix, true);
  {
    Pickler p;
    p.op('\x80');
    p.op('\x02');
    p.op(']');
    p.put();
    p.op('(');
    for (std::size_t i = 0; i < tensors.size(); ++i) p.str(key_prefix + std::to_string(i));
    p.op('e');
    p.op('.');
    out += p.out;
  }
  for (const auto& [name, t] : tensors) {
    put_le(out, static_cast<std::uint64_t>(t.numel()), 8);
    out += tensor_bytes(t);
  }
  write_file(path, out);
}

const std::string& generated_weights_file() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.file("vgg19-generated.safetensors");
    write_safetensors(p, make_vgg19_tensors(1234), SafetensorsDtype::f32, {{"input_convention", "torchvision"}});
    return p;
  }();
  return path;
}

Stylizer& generated_weights_stylizer() {
  static Stylizer stylizer([] {
    NetworkOptions n;
    n.weights_path = generated_weights_file();
    n.device = DeviceKind::cpu;
    configure_process(n);
    return n;
  }());
  return stylizer;
}

Stylizer& float64_generated_weights_stylizer() {
  static Stylizer stylizer([] {
    NetworkOptions n;
    n.weights_path = generated_weights_file();
    n.device = DeviceKind::cpu;
    n.precision = Precision::float64;
    configure_process(n);
    return n;
  }());
  return stylizer;
}

}  // namespace neural_style::test_support
