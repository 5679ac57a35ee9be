#include "torch_checkpoint.h"

#include <cstring>

#include "neural_style/errors.h"
#include "pickle_reader.h"
#include "zip_archive.h"

namespace neural_style {
namespace {

RawTensor to_raw(const std::string& name, const pickle::TensorRef& t, const std::uint8_t* storage, std::size_t bytes,
                 const std::string& what) {
  RawTensor r;
  r.dtype = t.storage.dtype;
  r.shape = t.shape;
  r.strides = t.strides;
  r.offset = t.offset;
  r.storage = storage;
  r.storage_bytes = bytes;
  if (!view_within_storage(r)) {
    throw WeightsFormatError("The weights file " + what + " is damaged or not a VGG19 file: the tensor " + name +
                             " points outside its data. Download it again with neural-style-fetch-weights.");
  }
  return r;
}

RawTensorMap read_zip(const MappedFile& file, const std::function<bool(const std::string&)>& wanted) {
  ZipArchive zip(file.data(), file.size(), file.path());
  // Records live under one top-level folder whose name torch.save takes from
  // the file name ("archive/" in recent versions).
  std::string prefix;
  bool found = false;
  for (const auto& [name, entry] : zip.entries()) {
    const std::string tail = "data.pkl";
    if (name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0) {
      prefix = name.substr(0, name.size() - tail.size());
      found = true;
      break;
    }
  }
  if (!found) {
    throw WeightsFormatError("The weights file " + file.path() +
                             " is a zip archive but not one written by torch.save (no data.pkl).");
  }
  const ZipEntry& pkl = zip.entry(prefix + "data.pkl");
  const auto tensors = pickle::state_dict(pickle::read(pkl.data, pkl.size, file.path()).root, file.path());
  RawTensorMap out;
  // Many tensors may share a storage: check each record's CRC only once, so
  // a crafted file cannot make the work grow with tensors x storage size.
  std::map<std::string, const ZipEntry*> checked;
  for (const auto& [name, t] : tensors) {
    if (!wanted(name)) continue;
    const ZipEntry*& entry = checked[t.storage.key];
    if (!entry) entry = &zip.entry(prefix + "data/" + t.storage.key);
    const ZipEntry& data = *entry;
    out.emplace(name, to_raw(name, t, data.data, data.size, file.path()));
  }
  return out;
}

RawTensorMap read_legacy(const MappedFile& file, const std::function<bool(const std::string&)>& wanted) {
  const std::string& what = file.path();
  const std::uint8_t* p = file.data();
  std::size_t left = file.size();
  auto next = [&]() {
    pickle::Result r = pickle::read(p, left, what);
    p += r.bytes_read;
    left -= r.bytes_read;
    return r.root;
  };
  const auto magic = next();
  const auto* m = std::get_if<std::int64_t>(&magic->value);
  // torch.serialization.MAGIC_NUMBER is 0x1950a86a20f9469cfc6c; the pickle
  // reader keeps the low 64 bits of integers that wide.
  if (!m || static_cast<std::uint64_t>(*m) != 0xa86a20f9469cfc6cULL) {
    throw WeightsFormatError("The weights file " + what +
                             " is neither a torch.save zip, nor a legacy torch.save "
                             "file, nor safetensors. Use a VGG19 .pth or .safetensors file.");
  }
  next();  // protocol version
  next();  // sys_info
  const auto tensors = pickle::state_dict(next(), what);
  const auto keys = next();
  const auto* key_list = std::get_if<pickle::Tuple>(&keys->value);
  if (!key_list) throw WeightsFormatError("The weights file " + what + " is corrupt (no storage list).");

  // Storages follow in key order, each as an int64 element count and the
  // raw little-endian data.
  std::map<std::string, pickle::StorageRef> storages;
  for (const auto& [name, t] : tensors) storages[t.storage.key] = t.storage;
  std::map<std::string, std::pair<const std::uint8_t*, std::size_t>> located;
  for (const auto& k : key_list->items) {
    const auto* key = std::get_if<std::string>(&k->value);
    if (!key) throw WeightsFormatError("The weights file " + what + " is corrupt (bad storage key).");
    auto s = storages.find(*key);
    if (left < 8) break;
    std::int64_t numel;
    std::memcpy(&numel, p, 8);
    const std::size_t elem = s != storages.end() ? element_size(s->second.dtype) : 4;
    if (numel < 0 || static_cast<std::uint64_t>(numel) > (left - 8) / elem) break;
    const std::size_t bytes = static_cast<std::size_t>(numel) * elem;
    located[*key] = {p + 8, bytes};
    p += 8 + bytes;
    left -= 8 + bytes;
  }
  RawTensorMap out;
  for (const auto& [name, t] : tensors) {
    if (!wanted(name)) continue;
    auto it = located.find(t.storage.key);
    if (it == located.end()) {
      throw WeightsFormatError("The weights file " + what + " is truncated: the data of " + name +
                               " is missing. Download it again with neural-style-fetch-weights.");
    }
    out.emplace(name, to_raw(name, t, it->second.first, it->second.second, what));
  }
  return out;
}

}  // namespace

RawTensorMap read_torch_checkpoint(const MappedFile& file, const std::function<bool(const std::string&)>& wanted) {
  const std::uint8_t* d = file.data();
  if (file.size() >= 4 && std::memcmp(d, "PK\x03\x04", 4) == 0) return read_zip(file, wanted);
  if (file.size() >= 2 && d[0] == 0x80) return read_legacy(file, wanted);
  if (file.size() > 262 && std::memcmp(d + 257, "ustar", 5) == 0) {
    throw WeightsFormatError("The weights file " + file.path() +
                             " uses the tar layout of PyTorch 0.1-0.3; re-save it with a recent PyTorch "
                             "(torch.save(torch.load(f), f)) or use the official VGG19 file.");
  }
  throw WeightsFormatError("The weights file " + file.path() +
                           " is neither a torch.save .pth file nor safetensors. Use a VGG19 .pth or "
                           ".safetensors file.");
}

}  // namespace neural_style
