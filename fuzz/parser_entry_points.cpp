#include "parser_entry_points.h"

#include <cstdlib>

#include "image_header.h"
#include "mapped_file.h"
#include "pickle_reader.h"
#include "safetensors_file.h"
#include "torch_checkpoint.h"
#include "zip_archive.h"

namespace neural_style::fuzz {
namespace {

// Reads each byte so a view outside the input is an ASan report, not a
// silent success.
void touch(const std::uint8_t* data, std::size_t size) {
  volatile std::uint8_t sink = 0;
  for (std::size_t i = 0; i < size; ++i) sink = sink ^ data[i];
  (void)sink;
}

void touch(const RawTensorMap& tensors) {
  for (const auto& [name, t] : tensors) {
    if (!view_within_storage(t)) std::abort();  // the readers promise this
    touch(t.storage, t.storage_bytes);
  }
}

}  // namespace

void parse_pickle(const std::uint8_t* data, std::size_t size, const std::string& name) {
  const auto result = pickle::read(data, size, name);
  if (result.bytes_read > size) std::abort();
  pickle::state_dict(result.root, name);
}

void parse_zip(const std::uint8_t* data, std::size_t size, const std::string& name) {
  ZipArchive zip(data, size, name);
  for (const auto& [entry_name, entry] : zip.entries()) {
    touch(zip.entry(entry_name).data, entry.size);  // entry() checks the CRC
  }
}

void parse_torch_checkpoint(const std::uint8_t* data, std::size_t size, const std::string& name) {
  const MappedFile file(data, size, name);
  touch(read_torch_checkpoint(file, [](const std::string&) { return true; }));
}

void parse_safetensors(const std::uint8_t* data, std::size_t size, const std::string& name) {
  const MappedFile file(data, size, name);
  std::map<std::string, std::string> metadata;
  touch(read_safetensors(file, &metadata));
}

void parse_image_header(const std::uint8_t* data, std::size_t size, const std::string&) {
  const ImageHeader h = read_image_header(data, size);
  if ((h.width == 0) != (h.height == 0) || !image_format_name(h.format)) std::abort();
  if (h.format == ImageFormat::unknown && h.width != 0) std::abort();
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"pickle", parse_pickle},
                                          {"zip", parse_zip},
                                          {"torch-checkpoint", parse_torch_checkpoint},
                                          {"safetensors", parse_safetensors},
                                          {"image-header", parse_image_header}};
  return all;
}

}  // namespace neural_style::fuzz
