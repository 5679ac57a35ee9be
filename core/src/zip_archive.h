// Reads the uncompressed ("stored") zip archives that torch.save writes,
// including their zip64 records. Every offset is checked with range_within
// (byte_range.h); libzip was considered but cannot hand out zero-copy views of
// stored entries into our memory map (the weights are 80-550 MB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace neural_style {

struct ZipEntry {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::uint32_t crc = 0;
};

class ZipArchive {
 public:
  // Throws WeightsFormatError when the central directory is missing or
  // points outside the data (a truncated download).
  ZipArchive(const std::uint8_t* data, std::size_t size, const std::string& what);

  const std::map<std::string, ZipEntry>& entries() const { return entries_; }
  // The entry, with its CRC checked; throws WeightsFormatError when it is
  // missing or damaged.
  const ZipEntry& entry(const std::string& name) const;

 private:
  std::string what_;
  std::map<std::string, ZipEntry> entries_;
};

// `name` with control characters, backslashes and invalid UTF-8 written as
// \xNN, fit for an error message.
std::string printable_entry_name(const std::string& name);

}  // namespace neural_style
