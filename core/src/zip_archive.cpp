#include "zip_archive.h"

#include "crc32.h"
#include "neural_style/errors.h"

namespace neural_style {
namespace {

std::uint64_t le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

ZipArchive::ZipArchive(const std::uint8_t* data, std::size_t size, const std::string& what) : what_(what) {
  auto truncated = [&](const std::string& detail) {
    return WeightsFormatError("The weights file " + what + " is truncated or damaged (" + detail +
                              "). Download it again with neural-style-fetch-weights.");
  };
  // End of central directory: 22 bytes plus a comment of up to 64 KiB.
  std::size_t eocd = std::string::npos;
  for (std::size_t back = 22; back <= size && back <= 22 + 65535; ++back) {
    if (le(data + size - back, 4) == 0x06054b50) {
      eocd = size - back;
      break;
    }
  }
  if (eocd == std::string::npos) throw truncated("no zip directory at the end of the file");
  std::uint64_t count = le(data + eocd + 10, 2);
  std::uint64_t dir_size = le(data + eocd + 12, 4);
  std::uint64_t dir_offset = le(data + eocd + 16, 4);
  if (dir_offset == 0xFFFFFFFFu || count == 0xFFFF || dir_size == 0xFFFFFFFFu) {
    if (eocd < 20 || le(data + eocd - 20, 4) != 0x07064b50) throw truncated("zip64 locator missing");
    const std::uint64_t z64 = le(data + eocd - 20 + 8, 8);
    if (z64 + 56 > size || le(data + z64, 4) != 0x06064b50) throw truncated("zip64 directory missing");
    count = le(data + z64 + 32, 8);
    dir_size = le(data + z64 + 40, 8);
    dir_offset = le(data + z64 + 48, 8);
  }
  if (dir_offset + dir_size > size) throw truncated("zip directory outside the file");

  const std::uint8_t* p = data + dir_offset;
  const std::uint8_t* dir_end = p + dir_size;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (p + 46 > dir_end || le(p, 4) != 0x02014b50) throw truncated("bad zip directory entry");
    const auto method = le(p + 10, 2);
    const std::uint32_t crc = static_cast<std::uint32_t>(le(p + 16, 4));
    std::uint64_t csize = le(p + 20, 4);
    std::uint64_t usize = le(p + 24, 4);
    const std::size_t name_len = le(p + 28, 2), extra_len = le(p + 30, 2), comment_len = le(p + 32, 2);
    std::uint64_t local = le(p + 42, 4);
    if (p + 46 + name_len + extra_len + comment_len > dir_end) throw truncated("bad zip directory entry");
    std::string name(reinterpret_cast<const char*>(p + 46), name_len);
    // zip64 extra field: 64-bit values for the 32-bit fields set to 0xFFFFFFFF.
    for (const std::uint8_t* x = p + 46 + name_len; x + 4 <= p + 46 + name_len + extra_len;) {
      const auto id = le(x, 2), len = le(x + 2, 2);
      const std::uint8_t* v = x + 4;
      if (id == 1) {
        if (usize == 0xFFFFFFFFu) usize = le(v, 8), v += 8;
        if (csize == 0xFFFFFFFFu) csize = le(v, 8), v += 8;
        if (local == 0xFFFFFFFFu) local = le(v, 8), v += 8;
      }
      x += 4 + len;
    }
    p += 46 + name_len + extra_len + comment_len;

    if (local + 30 > size || le(data + local, 4) != 0x04034b50) throw truncated("bad zip entry " + name);
    const std::uint64_t start = local + 30 + le(data + local + 26, 2) + le(data + local + 28, 2);
    if (start + csize > size) throw truncated("entry " + name + " runs past the end of the file");
    if (method != 0 || csize != usize) {
      throw WeightsFormatError("The weights file " + what + " has a compressed entry (" + name +
                               "); torch.save never compresses, so it was re-packed by another tool. "
                               "Download the original file with neural-style-fetch-weights.");
    }
    entries_[name] = ZipEntry{data + start, static_cast<std::size_t>(usize), crc};
  }
}

const ZipEntry& ZipArchive::entry(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    throw WeightsFormatError("The weights file " + what_ + " lacks the record " + name +
                             "; it is damaged. Download it again with neural-style-fetch-weights.");
  }
  if (crc32(it->second.data, it->second.size) != it->second.crc) {
    throw WeightsFormatError("The weights file " + what_ + " is corrupt: the record " + name +
                             " fails its CRC check. Download it again with neural-style-fetch-weights.");
  }
  return it->second;
}

}  // namespace neural_style
